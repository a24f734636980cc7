package com.penguinmails.alerthub.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RunAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped inhibition rule on a real hub: while olap is down (its database dropped under the hub), olap's firing
 * pool alert does not escalate, content's does; when olap is back, olap's escalation continues, counted from then.
 */
class InhibitionTest {

    private static final String POOL = "pool-usage";
    private static final String OUTAGE = "tier-reachable";

    @Test
    void aTierThatIsDownMutesItsOtherAlertsAndNotAnotherTiers() throws Exception {
        try (HubHarness h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5", "hub.tiers.content.pool-max", "5"));
             HeldConnections content = h.tiers.holdConnections("content", 5)) {
            Received got = new Received(h);
            long olapPool;
            try (HeldConnections olap = h.tiers.holdConnections("olap", 5)) {
                olapPool = ((Number) RunAnswer.alerts(h.run(POOL, "olap"), "opened").get(0).get("id")).longValue();
                h.run(POOL, "content");
                assertThat(h.escalate()).as("step 2 of both (critical: at once)").isEqualTo(2);
            }
            h.tiers.drop("olap");
            assertThat(h.run(POOL, "olap").get("status")).isEqualTo("failed");
            assertThat(h.run(POOL, "olap").get("status")).isEqualTo("failed");
            h.awaitDeliveriesDone();
            assertThat(got.pager(OUTAGE, "olap", "trigger")).as("two failed probes: olap is down").hasSize(2);

            assertThat(h.escalate()).as("the outage's step 2; olap's pool alert is inhibited").isEqualTo(1);
            h.clock.advance(Duration.ofMinutes(5));
            assertThat(h.escalate()).as("step 3 of content's pool alert and of the outage").isEqualTo(2);
            assertThat(got.webhooks(POOL, "content", "escalate")).hasSize(2);
            assertThat(got.webhooks(OUTAGE, "olap", "escalate")).hasSize(2);
            assertThat(got.webhooks(POOL, "olap", "escalate")).as("step 2 only, sent before olap went down").hasSize(1);
            assertThat(h.history(olapPool)).last().isEqualTo(List.of("muted", "inhibited by tier-reachable/olap"));

            h.tiers.recreate("olap");
            assertThat(h.run(OUTAGE, "olap").get("notice")).isEqualTo("resolve");
            assertThat(h.escalate()).as("olap's pool escalation resumes: its step 3 is 5 min away").isZero();
            assertThat(h.history(olapPool)).last().isEqualTo(List.of("unmuted", "no longer inhibited by tier-reachable/olap: escalation resumes"));

            h.clock.advance(Duration.ofMinutes(5));
            assertThat(h.escalate()).as("olap's step 3, content's step 4").isEqualTo(2);
            assertThat(got.webhooks(POOL, "olap", "escalate")).extracting(w -> (String) w.get("title")).last().asString()
                    .startsWith("[PROD][CRITICAL][ESCALATED step 3, unacknowledged 10 min] Connection Pool Exhaustion: olap (");
            assertThat(got.webhooks(POOL, "content", "escalate")).hasSize(3);
            assertThat(got.pager(POOL, "olap", "trigger")).as("olap's pool alert paged once, when it fired").hasSize(2);
        }
    }
}
