package com.penguinmails.alerthub.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.config.HubSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The acknowledgement properties: working defaults, and a clear refusal of each kind of mistake. */
class AckSettingsTest {

    @Test
    void theDefaultsWork() {
        HubSettings.Ack ack = HubConfig.load(Map.of("hub.http.port", "9090")).settings().ack();
        assertThat(ack.publicUrl()).isEqualTo("http://localhost:9090");
        assertThat(ack.secret()).as("generated and kept in the store").isEmpty();
        assertThat(ack.linkTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(ack.timeout()).isEqualTo(Duration.ofHours(4));
        assertThat(ack.pagerWebhookSecret()).as("PagerDuty webhook off").isEmpty();
        assertThat(HubConfig.load(Map.of("hub.ack.secret", "s3cr3t-signing-key")).settings().ack().toString())
                .contains("secret=s3****ey").doesNotContain("s3cr3t-signing-key");
    }

    @Test
    void mistakesAreRefusedWithTheReason() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> HubConfig.load(Map.of("hub.public-url", "alert-hub.example.com",
                "hub.ack.link-ttl", "0s", "hub.ack.timeout", "four hours")));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "application.properties: hub.ack.timeout: 'four hours' is not a duration (use e.g. 30s, 5m, 1h, 1d)",
                "application.properties: hub.public-url: 'alert-hub.example.com' is not an http(s) URL (e.g. https://alert-hub.example.com):"
                        + " email ack links start with it",
                "application.properties: hub.ack.link-ttl: must be longer than 0 (e.g. 24h)");
    }
}
