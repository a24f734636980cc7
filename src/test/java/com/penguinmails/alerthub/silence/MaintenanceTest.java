package com.penguinmails.alerthub.silence;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.RunAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A maintenance window from {@code routes/muting.yaml} on a real hub: while it is open its tier's alerts are recorded
 * and nobody is told, another tier's are sent as usual; when it closes, the next tick sends the held trigger.
 */
class MaintenanceTest {

    private static final String POOL = "pool-usage";

    @TempDir
    Path tmp;

    @Test
    void anOpenWindowMutesOnlyItsTierAndItsEndSendsTheHeldTrigger() throws Exception {
        // the harness's clock starts on Wednesday 2026-11-25 09:00 UTC: the window opens then, for 30 min
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").edit("muting.yaml", "maintenance: []", """
                maintenance:
                  - tier: olap
                    start: "0 0 9 ? * WED"
                    duration: 30m
                    comment: olap pool resize""");
        try (HubHarness h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(),
                "hub.tiers.olap.pool-max", "5", "hub.tiers.content.pool-max", "5"));
             HeldConnections olap = h.tiers.holdConnections("olap", 5);
             HeldConnections content = h.tiers.holdConnections("content", 5)) {
            Received got = new Received(h);
            long id = ((Number) RunAnswer.alerts(h.run(POOL, "olap"), "opened").get(0).get("id")).longValue();
            h.run(POOL, "content");
            h.awaitDeliveriesDone();
            assertThat(got.pager(POOL, "content", "trigger")).hasSize(2);
            assertThat(got.triggerEmails(POOL, "content")).hasSize(1);
            assertThat(got.pager(POOL, "olap", "trigger")).isEmpty();
            assertThat(got.copies(POOL, "olap")).isEmpty();
            assertThat(h.history(id)).last().isEqualTo(List.of("muted", "in maintenance window of olap (olap pool resize)"));

            h.clock.advance(Duration.ofMinutes(30).minusSeconds(1));
            h.escalate();
            assertThat(got.pager(POOL, "olap", "trigger")).as("the window is still open").isEmpty();
            assertThat(got.webhooks(POOL, "content", "escalate")).as("content escalates meanwhile: steps 2, 3, 4 and the latest repeat")
                    .hasSize(4);
            assertThat(got.webhooks(POOL, "olap", "escalate")).isEmpty();

            h.clock.advance(Duration.ofSeconds(1));
            h.escalate();
            assertThat(got.pager(POOL, "olap", "trigger")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
            assertThat(got.triggerEmails(POOL, "olap")).hasSize(1);
            assertThat(got.webhooks(POOL, "olap", "trigger")).hasSize(1);
            assertThat(got.webhooks(POOL, "olap", "escalate")).as("critical: step 2 with the trigger").hasSize(1);
            assertThat(got.pager(POOL, "content", "trigger")).as("content was paged once").hasSize(2);
            assertThat(h.pager.accepted()).hasSize(4);
        }
    }
}
