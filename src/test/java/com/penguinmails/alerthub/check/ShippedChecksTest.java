package com.penguinmails.alerthub.check;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static com.penguinmails.alerthub.testkit.RunAnswer.alerts;
import static com.penguinmails.alerthub.testkit.RunAnswer.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.BackgroundQuery;
import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.HubHarness;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every shipped check against a real tier: provoke the real condition, run the check three times, and see exactly
 * one trigger per channel reach the right people; clear it and see exactly one resolve with the same dedup key.
 */
class ShippedChecksTest {

    @AutoClose
    private static HubHarness h;

    @BeforeAll
    static void start() throws Exception {
        // OLAP's application pool max is small here so a test can fill it with a handful of real connections
        h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5"));
    }

    @BeforeEach
    void healthyQueue() throws Exception {
        // the demo seed has a backlog on purpose; these tests start from a healthy queue
        h.tiers.execute("queue", "DELETE FROM jobs");
    }

    @Test
    void queueBacklogPagesNobodyButEmailsWebhooksAndPostHogOnceThenResolvesOnce() throws Exception {
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status) SELECT 'normal', 'pending' FROM generate_series(1, 150)");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> run = h.run("queue-backlog", "queue");
            assertThat(run.get("status")).isEqualTo("ok");
            assertThat(run.get("totalRows")).isEqualTo(1);
        }
        h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now()");
        Map<String, Object> cleared = h.run("queue-backlog", "queue");
        assertThat(alerts(cleared, "resolved")).hasSize(1);

        Lifecycle l = lifecycle("queue-backlog", "queue", 2);
        assertThat(l.triggerEmails).hasSize(1);
        assertThat(l.triggerEmails.get(0).getSubject()).isEqualTo("[PROD][HIGH] Performance Degradation: queue ("
                + h.tiers.url("queue").replace("jdbc:postgresql://", "") + ") queue-backlog");
        assertThat(recipients(l.triggerEmails.get(0))).containsExactlyInAnyOrder("dbops@penguinmails.com", "oncall@penguinmails.com");
        String text = body(l.triggerEmails.get(0));
        assertThat(text).contains("pending_jobs = 150 (high > 100)").contains("First response:").doesNotContain("${").doesNotContain("{{");
        assertThat(l.resolveEmails).hasSize(1);
        assertThat(l.resolveEmails.get(0).getHeader("In-Reply-To")[0]).isEqualTo(l.triggerEmails.get(0).getMessageID());
        assertThat(body(l.resolveEmails.get(0))).contains("RESOLVED").contains("pending_jobs = 0");
        // high does not page (pager only when it escalates), but the webhook and PostHog hear it once each way
        assertThat(pagerEvents("queue-backlog", "queue", "trigger")).isEmpty();
        Await.until("deliveries", () -> !webhooks("queue-backlog", "resolved").isEmpty() && h.posthog.events("db_alert_resolved").stream()
                .anyMatch(e -> check(e).equals("queue-backlog")));
        assertThat(webhooks("queue-backlog", "firing")).hasSize(1);
        assertThat(webhooks("queue-backlog", "resolved")).hasSize(1);
        assertThat(h.posthog.events("db_alert_triggered").stream().filter(e -> check(e).equals("queue-backlog")).count()).isEqualTo(1);
        assertThat(h.posthog.events("db_alert_resolved").stream().filter(e -> check(e).equals("queue-backlog")).count()).isEqualTo(1);
    }

    @Test
    void poolUsageFillsToCriticalPagesBothRoutingKeysOnceAndResolvesBoth() throws Exception {
        Map<String, Object> run;
        try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
            for (int i = 0; i < 3; i++) {
                run = h.run("pool-usage", "olap");
                assertThat(run.get("status")).isEqualTo("ok");
                assertThat(((Map<?, ?>) run.get("group")).get("severity")).isEqualTo("critical");
            }
        }
        run = h.run("pool-usage", "olap");
        assertThat(((Map<?, ?>) run.get("group")).get("firing")).isEqualTo(false);

        Lifecycle l = lifecycle("pool-usage", "olap", 2);
        assertThat(l.triggerEmails.get(0).getSubject()).startsWith("[PROD][CRITICAL] Connection Pool Exhaustion: olap");
        String dedup = Fingerprint.group("pool-usage", "olap");
        List<Map<String, Object>> triggers = pagerEvents("pool-usage", "olap", "trigger");
        assertThat(triggers).extracting(e -> e.get("routing_key")).containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(triggers).allSatisfy(e -> {
            assertThat(e.get("dedup_key")).isEqualTo(dedup);
            assertThat(((Map<?, ?>) e.get("payload")).get("severity")).isEqualTo("critical");
        });
        Await.until("deliveries", () -> pagerEvents("pool-usage", "olap", "resolve").size() == 2);
        assertThat(pagerEvents("pool-usage", "olap", "resolve")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(h.pager.rejected()).isEmpty();
        assertThat(h.posthog.dropped()).as("PostHog would have dropped these silently").isEmpty();
        assertThat(h.posthog.rejected()).isEmpty();
        assertThat(h.posthog.events("db_health_sample")).isNotEmpty();
    }

    @Test
    void aQueryRunningPastFiveSecondsIsItsOwnAlertUntilItEnds() throws Exception {
        try (BackgroundQuery slow = h.tiers.runSlowQuery("content", 60)) {
            awaitActiveLongerThan("content", 5.5);
            for (int i = 0; i < 3; i++) h.run("long-queries", "content");
            Map<String, Object> run = h.run("long-queries", "content");
            assertThat(((Map<?, ?>) run.get("group")).get("firingAlerts")).isEqualTo(1);
        }
        Map<String, Object> after = h.run("long-queries", "content");
        assertThat(alerts(after, "resolved")).singleElement()
                .satisfies(a -> assertThat(a.get("resolveReason")).isEqualTo("no longer returned"));
        Lifecycle l = lifecycle("long-queries", "content", 2);
        assertThat(body(l.triggerEmails.get(0))).contains("pid=").contains("duration_s = ").contains("(medium > 5)");
    }

    @Test
    void queueAgeProcessingTimeAndFailureRateEachAlertOnceAndResolveOnce() throws Exception {
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, created) VALUES ('high', 'pending', now() - interval '20 minutes')");
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, created, started, completed) SELECT 'normal', 'completed',"
                + " now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '9 minutes' FROM generate_series(1, 18)");
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, created, completed, error) SELECT 'normal', 'failed',"
                + " now() - interval '5 minutes', now() - interval '4 minutes', 'smtp 550' FROM generate_series(1, 2)");
        for (String check : List.of("queue-oldest-pending", "queue-processing-time", "queue-failure-rate")) {
            for (int i = 0; i < 3; i++) assertThat(h.run(check, "queue").get("status")).isEqualTo("ok");
        }
        // healthy again: nothing pending, twenty quick completions, no failures
        h.tiers.execute("queue", "DELETE FROM jobs");
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, created, completed) SELECT 'normal', 'completed',"
                + " now() - interval '2 seconds', now() FROM generate_series(1, 20)");
        for (String check : List.of("queue-oldest-pending", "queue-processing-time", "queue-failure-rate")) {
            Map<String, Object> run = h.run(check, "queue");
            assertThat(alerts(run, "resolved")).as(check).hasSize(1);
        }
        assertThat(body(lifecycle("queue-oldest-pending", "queue", 2).triggerEmails.get(0))).contains("(medium > 600)");
        assertThat(body(lifecycle("queue-processing-time", "queue", 2).triggerEmails.get(0))).contains("avg_processing_s = 60.00 (medium > 20)");
        Lifecycle failures = lifecycle("queue-failure-rate", "queue", 2);
        assertThat(body(failures.triggerEmails.get(0))).contains("failure_pct = 10.00 (high > 1)");
    }

    @Test
    void failureRateUnderTwentyFinishedJobsIsInsufficientDataNotAnAlert() throws Exception {
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, created, completed) SELECT 'normal', 'failed', now(), now() FROM generate_series(1, 5)");
        Map<String, Object> run = h.run("queue-failure-rate", "queue");
        assertThat(rows(run)).singleElement().satisfies(r -> assertThat(r.get("verdict")).isEqualTo("no_data"));
        assertThat(((Map<?, ?>) run.get("group")).get("firing")).isEqualTo(false);
    }

    @Test
    void staleAnalyticsAlertOnceAndResolveWhenRefreshed() throws Exception {
        h.tiers.execute("olap", "UPDATE daily_analytics SET updated_at = now() - interval '2 hours'");
        for (int i = 0; i < 3; i++) h.run("olap-freshness", "olap");
        h.tiers.execute("olap", "UPDATE daily_analytics SET updated_at = now()");
        assertThat(alerts(h.run("olap-freshness", "olap"), "resolved")).hasSize(1);
        Lifecycle l = lifecycle("olap-freshness", "olap", 2);
        assertThat(l.triggerEmails.get(0).getSubject()).startsWith("[PROD][MEDIUM] Performance Degradation: olap");
        assertThat(webhooks("olap-freshness", "firing")).as("medium goes to email and PostHog only").isEmpty();
    }

    @Test
    void aDroppedDatabaseIsOneOutagePageAfterTwoFailedProbesAndResolvesWhenItIsBack() throws Exception {
        h.tiers.drop("oltp");
        Map<String, Object> first = h.run("tier-reachable", "oltp");
        assertThat(first.get("status")).isEqualTo("failed");
        assertThat((String) first.get("error")).contains("does not exist");
        assertThat(pagerEvents("tier-reachable", "oltp", "trigger")).as("one failed probe is not an outage yet").isEmpty();
        h.run("pool-usage", "oltp");
        h.run("tier-reachable", "oltp");
        h.tiers.recreate("oltp");
        Map<String, Object> back = h.run("tier-reachable", "oltp");
        assertThat(back.get("status")).as("run after the database is back: %s", back.get("error")).isEqualTo("ok");
        Lifecycle l = lifecycle("tier-reachable", "oltp", 2);
        assertThat(l.triggerEmails.get(0).getSubject()).startsWith("[PROD][CRITICAL] Database Outage: oltp");
        assertThat(body(l.triggerEmails.get(0))).contains("does not exist");
        Await.until("deliveries", () -> pagerEvents("tier-reachable", "oltp", "resolve").size() == 2);
        assertThat(pagerEvents("tier-reachable", "oltp", "trigger")).hasSize(2);
        assertThat(pagerEvents("tier-reachable", "oltp", "resolve")).hasSize(2);
        assertThat(pagerEvents("pool-usage", "oltp", "trigger")).as("the tier's other failures are recorded, not paged").isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------


    private record Lifecycle(List<MimeMessage> triggerEmails, List<MimeMessage> resolveEmails) {
    }

    /** Waits for the resolve email (sent after the trigger on the same FIFO queue), then collects both. */
    private Lifecycle lifecycle(String check, String tier, int recipients) throws Exception {
        String suffix = ") " + check;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (distinct(resolveEmails(check, tier)).isEmpty() && System.nanoTime() < deadline) {
            h.mail.waitForIncomingEmail(500, h.mail.getReceivedMessages().length + 1);
        }
        List<MimeMessage> triggers = distinct(h.emails(suffix).stream().filter(m -> subject(m).contains(": " + tier + " ("))
                .filter(m -> !subject(m).contains("[RESOLVED]") && !subject(m).contains("[UPDATE]")).toList());
        List<MimeMessage> resolves = distinct(resolveEmails(check, tier));
        assertThat(triggers).as("trigger emails for " + check).hasSize(1);
        assertThat(resolves).as("resolve emails for " + check).hasSize(1);
        assertThat(h.emails(suffix).stream().filter(m -> subject(m).contains(": " + tier + " (")).count())
                .as("one copy per recipient of the trigger and the resolve").isEqualTo(2L * recipients);
        return new Lifecycle(triggers, resolves);
    }

    private List<MimeMessage> resolveEmails(String check, String tier) {
        return h.emails(") " + check).stream().filter(m -> subject(m).contains("[RESOLVED]") && subject(m).contains(": " + tier + " (")).toList();
    }

    private static List<Map<String, Object>> pagerEvents(String check, String tier, String action) {
        String dedup = Fingerprint.group(check, tier);
        return h.pager.accepted(action).stream().filter(e -> dedup.equals(e.get("dedup_key"))).toList();
    }

    private static List<Map<String, Object>> webhooks(String check, String status) {
        return h.webhook.received().stream().map(r -> r.body())
                .filter(b -> check.equals(b.get("check")) && status.equals(b.get("status"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static String check(Map<String, Object> posthogEvent) {
        return String.valueOf(((Map<String, Object>) posthogEvent.get("properties")).get("check"));
    }

    private static Set<String> recipients(MimeMessage m) throws Exception {
        return Arrays.stream(m.getAllRecipients()).map(Address::toString).collect(Collectors.toSet());
    }

    private static String body(MimeMessage m) throws Exception {
        return com.icegreen.greenmail.util.GreenMailUtil.getBody(m);
    }

    /** The real condition: a query active for longer than the bound (polling pg_stat_activity, not a schedule). */
    private static void awaitActiveLongerThan(String tier, double seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var c = h.tiers.admin(tier); var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND now() - query_start > interval '" + seconds + " seconds'"
                            + " AND application_name = 'penguinmails-app' AND datname = current_database()")) {
                rs.next();
                if (rs.getInt(1) > 0) return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no query became that slow");
    }
}
