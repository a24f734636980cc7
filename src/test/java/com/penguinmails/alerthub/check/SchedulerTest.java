package com.penguinmails.alerthub.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one test with the scheduler on: a copy of the shipped routes where pool-usage runs every second. Nothing here
 * calls the run API; the breach and its end reach the pager and email because Quartz keeps firing the check.
 */
class SchedulerTest {

    private static final String CHECK = "pool-usage";
    private static final String TIER = "olap";

    private Path routes;
    private HubHarness h;

    @BeforeEach
    void copyRoutes() throws Exception {
        routes = Files.createTempDirectory("alert-hub-routes");
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.toList()) Files.copy(file, routes.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path checks = routes.resolve("checks.camel.yaml");
        String yaml = Files.readString(checks);
        String poolIncident = "        value: connection-pool-exhaustion\n";
        assertThat(yaml).as("pool-usage's incident line, where its schedule goes").containsOnlyOnce(poolIncident);
        Files.writeString(checks, yaml.replace(poolIncident, poolIncident + "      - name: schedule\n        value: 1s\n"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (h != null) h.close();
        } finally {
            try (Stream<Path> files = Files.walk(routes)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    @Test
    void aCheckOnAOneSecondScheduleNotifiesItsBreachAndItsEndWithoutTheApi() throws Exception {
        h = HubHarness.start(Map.of("hub.checks.scheduled", "true", "hub.routes.dir", routes.toString(),
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

        assertThat(got.pager(CHECK, TIER, "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(got.pager(CHECK, TIER, "resolve")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(h.pager.accepted()).as("nothing else paged").hasSize(4);
        List<MimeMessage> triggers = got.triggerEmails(CHECK, TIER);
        List<MimeMessage> resolves = got.resolveEmails(CHECK, TIER);
        assertThat(triggers).hasSize(1);
        assertThat(resolves).hasSize(1);
        assertThat(Received.header(resolves.get(0), "In-Reply-To")).isEqualTo(Received.messageId(triggers.get(0)));
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
