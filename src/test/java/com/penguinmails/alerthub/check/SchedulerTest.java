package com.penguinmails.alerthub.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one test with the scheduler on: a copy of the shipped routes where pool-usage runs every second. Nothing here
 * calls the run API; the breach and its end reach the pager and email because Quartz keeps firing the check.
 */
class SchedulerTest {

    private static final String CHECK = "pool-usage";
    private static final String TIER = "olap";

    @TempDir
    Path tmp;
    private RoutesCopy routes;
    private HubHarness h;

    @BeforeEach
    void copyRoutes() {
        // pool-usage's incident line, where its schedule goes
        String poolIncident = "        value: connection-pool-exhaustion\n";
        routes = RoutesCopy.of(tmp, "routes")
                .edit("checks.camel.yaml", poolIncident, poolIncident + "      - name: schedule\n        value: 1s\n");
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) h.close();
    }

    @Test
    void aCheckOnAOneSecondScheduleNotifiesItsBreachAndItsEndWithoutTheApi() throws Exception {
        h = HubHarness.start(Map.of("hub.checks.scheduled", "true", "hub.routes.dir", routes.dir().toString(),
                // the other checks run once at start and then not again during the test (tier-reachable: every 30s)
                "hub.checks.interval", "1h", "hub.tiers.olap.pool-max", "5",
                // a 1 s schedule needs query timeouts under 1 s (the hub refuses runs that could pile up)
                "hub.tiers.connect-timeout", "900ms", "hub.tiers.statement-timeout", "800ms", "hub.tiers.socket-timeout", "900ms"));
        Received got = new Received(h);

        // the scheduler is running the check: healthy samples arrive, one per run
        Await.until("two scheduled runs of pool-usage on olap", () -> samples().size() >= 2);
        assertThat(got.pager("trigger")).as("healthy so far: nothing paged").isEmpty();

        try (HeldConnections held = h.tiers.holdConnections(TIER, 5)) {
            Await.until("the page for both routing keys", () -> got.pager(CHECK, TIER, "trigger").size() == 2);
            Await.until("the trigger email to both recipients", () -> got.triggerEmails(CHECK, TIER).size() == 1 && got.copies(CHECK, TIER).size() == 2);
        }
        Await.until("the resolve for both routing keys", () -> got.pager(CHECK, TIER, "resolve").size() == 2);
        Await.until("the resolve email", () -> got.resolveEmails(CHECK, TIER).size() == 1);
        // stopping drains the notification queues: what the receivers hold now is everything that was sent
        h.stopHub();

        got.assertPagedAndMailedOnceEachWay(CHECK, TIER);
        assertThat(got.copies(CHECK, TIER)).as("one copy per recipient of the trigger and the resolve").hasSize(4);
        assertThat(samples().size()).as("the check kept running every second").isGreaterThan(3);
    }

    /** PostHog health samples of pool-usage on olap: one per run. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> samples() {
        return h.posthog.events("db_health_sample").stream().map(e -> (Map<String, Object>) e.get("properties"))
                .filter(p -> CHECK.equals(p.get("check")) && TIER.equals(p.get("tier"))).toList();
    }
}
