package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestkitPostHogReceiverTest {

    private final PostHogReceiver postHog = PostHogReceiver.start();

    @AfterEach
    void stop() {
        postHog.close();
    }

    @Test
    void acceptsABatchOnBothPaths() throws Exception {
        HttpResponse<String> slash = Http.post(postHog.host() + "/batch/", batch("phc_key", alert("alert_fired")));
        HttpResponse<String> bare = Http.post(postHog.host() + "/batch", batch("phc_key", alert("alert_resolved")));

        assertThat(slash.statusCode()).isEqualTo(200);
        assertThat(Http.body(slash)).containsEntry("status", 1);
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(postHog.events()).hasSize(2);
        assertThat(postHog.events("alert_fired")).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("distinct_id", "alert-hub"));
    }

    @Test
    void byDefaultAnswers200ButDropsEventsWithoutDistinctId() throws Exception {
        Map<String, Object> anonymous = Map.of("event", "alert_fired", "properties", Map.of());

        HttpResponse<String> response = Http.post(postHog.host() + "/batch/", batch("phc_key", alert("alert_fired"), anonymous));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(postHog.events("alert_fired")).hasSize(1);
        assertThat(postHog.dropped()).containsExactly(anonymous);
    }

    @Test
    void strictModeRejectsTheWholeBatch() throws Exception {
        postHog.mode(PostHogReceiver.Mode.REJECT_BATCH);
        Map<String, Object> unnamed = Map.of("distinct_id", "alert-hub");

        HttpResponse<String> response = Http.post(postHog.host() + "/batch/", batch("phc_key", alert("alert_fired"), unnamed));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(postHog.events()).isEmpty();
        assertThat(postHog.rejected()).hasSize(2);
    }

    @Test
    void missingApiKeyIsUnauthorized() throws Exception {
        String body = Http.json(Map.of("batch", List.of(alert("alert_fired"))));

        assertThat(Http.post(postHog.host() + "/batch/", body).statusCode()).isEqualTo(401);
        assertThat(postHog.events()).isEmpty();
        assertThat(postHog.rejected()).hasSize(1);
    }

    @Test
    void failuresThenAwaitedDelivery() throws Exception {
        postHog.failNext(1, 503);

        assertThat(Http.post(postHog.host() + "/batch/", batch("phc_key", alert("alert_fired"))).statusCode()).isEqualTo(503);
        assertThat(postHog.awaitEvents("alert_fired", 1, Duration.ofMillis(100))).isFalse();
        assertThat(Http.post(postHog.host() + "/batch/", batch("phc_key", alert("alert_fired"))).statusCode()).isEqualTo(200);
        assertThat(postHog.awaitEvents("alert_fired", 1, Duration.ofSeconds(5))).isTrue();
    }

    private static Map<String, Object> alert(String name) {
        return Map.of(
                "event", name,
                "distinct_id", "alert-hub",
                "properties", Map.of("tier", "oltp"),
                "timestamp", "2025-01-01T00:00:00Z",
                "uuid", "0194a0a0-0000-7000-8000-000000000000");
    }

    @SafeVarargs
    private static String batch(String apiKey, Map<String, Object>... events) {
        return Http.json(Map.of("api_key", apiKey, "batch", List.of(events)));
    }
}
