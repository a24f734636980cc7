package com.penguinmails.alerthub.watchdog;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.testkit.HeartbeatReceiver;
import com.penguinmails.alerthub.testkit.HubHarness;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dead man's switch: a heartbeat cycle ({@code direct:heartbeat}) pings {@code hub.heartbeat.url} exactly once
 * when every scheduled check ran within twice its interval; a check two scheduled runs behind is instead a
 * missed-schedule alert on the channels, resolved when it runs again. Time is the TestClock; checks run by the API.
 */
class WatchdogTest {

    private static final String LATE = "queue-backlog";

    @Test
    void theSwitchIsPingedOncePerHealthyCycleAndALateCheckIsAnAlertInsteadUntilItRunsAgain() throws Exception {
        try (HeartbeatReceiver heartbeat = HeartbeatReceiver.start();
             HubHarness h = HubHarness.start(Map.of("hub.heartbeat.url", heartbeat.url()))) {
            // no backlog: the only alert of this test is the watchdog's
            h.tiers.execute("queue", "DELETE FROM jobs");
            cycle(h);
            cycle(h);
            assertThat(heartbeat.pings()).as("one ping per healthy cycle").isEqualTo(2);

            // every check but one runs; queue-backlog (every 60s) has missed the runs due at +60s and +120s
            h.clock.advance(Duration.ofSeconds(121));
            runAllBut(h, LATE);
            cycle(h);
            cycle(h);
            assertThat(heartbeat.pings()).as("no ping while a check is late").isEqualTo(2);
            List<MimeMessage> alerts = distinct(h.emails(") " + Watchdog.CHECK));
            assertThat(alerts).singleElement().satisfies(m -> {
                assertThat(subject(m)).startsWith("[PROD][HIGH] Alert Hub Self-Monitoring: queue (").endsWith(") missed-schedule");
                assertThat(GreenMailUtil.getBody(m)).contains("What: missed_runs = 2 (high >= 2) [check=queue-backlog]");
            });
            assertThat(h.emails(") " + Watchdog.CHECK)).as("to the lead and the on-call, once").hasSize(2);
            assertThat(h.webhook.received()).singleElement().satisfies(r -> assertThat(r.body())
                    .containsEntry("check", Watchdog.CHECK).containsEntry("incident", "hub-self").containsEntry("status", "firing"));
            assertThat(h.pager.accepted()).as("high: no page").isEmpty();

            h.run(LATE, "queue");
            cycle(h);
            assertThat(heartbeat.pings()).as("healthy again: pinged").isEqualTo(3);
            List<MimeMessage> resolves = distinct(h.emails("[RESOLVED]"));
            assertThat(resolves).singleElement().satisfies(m -> {
                assertThat(subject(m)).contains(") " + Watchdog.CHECK);
                assertThat(GreenMailUtil.getBody(m)).contains("RESOLVED: back within bounds (missed_runs = 0)");
            });
            assertThat(h.mail.getReceivedMessages()).as("trigger and resolve, two recipients each").hasSize(4);
            assertThat(h.webhook.received()).hasSize(2);
        }
    }

    @Test
    void aHeartbeatUrlThatIsNotHttpIsRefusedWithoutShowingIt() throws Exception {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(com.penguinmails.alerthub.config.ConfigException.class,
                () -> HubConfig.load(Map.of("hub.heartbeat.url", "hc-ping.com/secret-uuid", "hub.heartbeat.interval", "500ms")));
        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "application.properties: hub.heartbeat.url: is not an http:// or https:// URL (empty: no heartbeat)",
                "application.properties: hub.heartbeat.interval: must be at least 1s");
    }

    private static void cycle(HubHarness h) {
        h.hub().camel().createProducerTemplate().sendBody("direct:heartbeat", null);
        h.awaitDeliveriesDone();
    }

    private static void runAllBut(HubHarness h, String late) throws Exception {
        for (CheckDefinition check : h.hub().bean("hubConfig", HubConfig.class).checks().all()) {
            if (check.name().equals(late)) continue;
            for (String tier : check.tiers()) h.run(check.name(), tier);
        }
        h.awaitDeliveriesDone();
    }
}
