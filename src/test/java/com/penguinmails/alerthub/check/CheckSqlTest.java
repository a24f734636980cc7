package com.penguinmails.alerthub.check;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static com.penguinmails.alerthub.testkit.RunAnswer.alerts;
import static com.penguinmails.alerthub.testkit.RunAnswer.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Check SQL as ops write it: it travels as the message body and runs exactly as written, it can never write to a
 * tier, and whatever goes wrong with it (text where a number belongs, keys that do not identify rows, a query the
 * tier refuses) fails the run without touching an alert.
 */
class CheckSqlTest {

    /** Extra checks, next to the shipped ones, on the queue tier's demo {@code jobs} table. */
    private static final String SQL_CHECKS = """
            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-sql-as-written
                parameters:
                  - name: check
                    value: sql-as-written
                  - name: tiers
                    value: queue
                  - name: incident
                    value: performance-degradation
                  - name: thresholds
                    value: "smtp_550_jobs: high > 2"
                  - name: sql
                    value: |
                      -- a comment with a ? and a #, and a literal that looks like a property: not resolved, not bound
                      SELECT 'why?' AS question,
                             '#1 #hash :#named' AS hashes,
                             EXTRACT(EPOCH FROM '90 minutes'::interval)::int AS ninety_min_s,
                             (SELECT count(*) FROM jobs WHERE error LIKE '%550%') AS smtp_550_jobs,
                             '{{not.a.property}}' AS braces

            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-pending-as-text
                parameters:
                  - name: check
                    value: pending-as-text
                  - name: tiers
                    value: queue
                  - name: incident
                    value: performance-degradation
                  - name: thresholds
                    value: "pending_jobs: high > 100"
                  - name: sql
                    value: |
                      SELECT CASE WHEN count(*) > 200 THEN 'over 200' ELSE count(*)::text END AS pending_jobs
                      FROM jobs WHERE status = 'pending'

            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-jobs-by-priority
                parameters:
                  - name: check
                    value: jobs-by-priority
                  - name: tiers
                    value: queue
                  - name: incident
                    value: performance-degradation
                  - name: keys
                    value: priority
                  - name: thresholds
                    value: "jobs: medium > 30"
                  - name: sql
                    value: |
                      SELECT priority, count(*) AS jobs FROM jobs WHERE status = 'pending' GROUP BY priority
                      UNION ALL
                      SELECT priority, count(*) FROM jobs WHERE status = 'running' GROUP BY priority

            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-pending-by-queue
                parameters:
                  - name: check
                    value: pending-by-queue
                  - name: tiers
                    value: queue
                  - name: incident
                    value: performance-degradation
                  - name: keys
                    value: queue
                  - name: thresholds
                    value: "pending: high > 100"
                  - name: sql
                    value: SELECT queue, count(*) AS pending FROM jobs WHERE status = 'pending' GROUP BY queue
            """;

    /**
     * Checks that write. The tier reads them at load ({@code LIMIT 0}) and refuses them, so the tests add them while
     * the queue tier is down, as ops may: then only the hub's read-only sessions stand between them and the data.
     */
    private static final String WRITING_CHECKS = """
            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-insert-behind-select
                parameters:
                  - name: check
                    value: insert-behind-select
                  - name: tiers
                    value: queue
                  - name: incident
                    value: data-integrity
                  - name: thresholds
                    value: "n: high > 0"
                  - name: sql
                    value: "WITH w AS (INSERT INTO jobs (priority, status) VALUES ('low', 'pending') RETURNING 1) SELECT count(*) AS n FROM w"

            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-create-after-select
                parameters:
                  - name: check
                    value: create-after-select
                  - name: tiers
                    value: queue
                  - name: incident
                    value: data-integrity
                  - name: thresholds
                    value: "n: high > 0"
                  - name: sql
                    value: "SELECT 1 AS n; CREATE TABLE hub_was_here (id int)"

            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-session-read-write
                parameters:
                  - name: check
                    value: session-read-write
                  - name: tiers
                    value: queue
                  - name: incident
                    value: data-integrity
                  - name: sql
                    value: "SELECT set_config('default_transaction_read_only', 'off', false) AS default_read_only"
            """;

    @TempDir
    static Path tmp;
    @AutoClose
    private static HubHarness h;
    private static String queueSeed;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = CheckSqlTest.class.getResourceAsStream("/demo/queue.sql")) {
            queueSeed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").write("sql-checks.camel.yaml", SQL_CHECKS);
        h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString()));
    }

    @BeforeEach
    void seededQueue() throws Exception {
        // the demo seed: 150 pending jobs in queue 'email-send', 37 or 38 per priority, 200 completed, 1 failed
        h.tiers.execute("queue", "DELETE FROM jobs");
        h.tiers.execute("queue", queueSeed);
    }

    // ---- SQL runs as written ----------------------------------------------------------------------------------

    @Test
    void questionMarksHashesCastsLikePatternsAndBracesRunAsWritten() throws Exception {
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, completed, error) SELECT 'normal', 'failed', now(),"
                + " 'smtp 550 mailbox unavailable' FROM generate_series(1, 3)");

        // the hub started with it (no placeholder was resolved, no parameter was bound) and it runs
        Map<String, Object> run = h.run("sql-as-written", "queue");

        assertThat(run.get("status")).isEqualTo("ok");
        assertThat(run.get("error")).isNull();
        assertThat(run.get("totalRows")).isEqualTo(1);
        Map<String, Object> row = rows(run).get(0);
        assertThat(values(row)).containsExactly(
                Map.entry("question", "why?"),
                Map.entry("hashes", "#1 #hash :#named"),
                Map.entry("ninety_min_s", 5400),
                Map.entry("smtp_550_jobs", 3),
                Map.entry("braces", "{{not.a.property}}"));
        assertThat(row.get("verdict")).isEqualTo("breach");
        assertThat(row.get("bound")).isEqualTo("> 2");
        assertThat(alerts(run, "opened")).singleElement().satisfies(a -> assertThat(a.get("value")).isEqualTo("3"));
    }

    // ---- bad values and keys fail the run and change nothing ----------------------------------------------------

    @Test
    void aValueColumnHoldingTextFailsTheRunNamingTheColumnAndKeepsTheAlert() throws Exception {
        Map<String, Object> fired = h.run("pending-as-text", "queue");
        assertThat(rows(fired).get(0)).containsEntry("verdict", "breach").containsEntry("value", 150);

        assertTheAlertOutlivesAFailedRun(fired, "pending-as-text",
                "INSERT INTO jobs (priority, status) SELECT 'low', 'pending' FROM generate_series(1, 100)",
                "column 'pending_jobs' is not numeric: 'over 200'", "back within bounds (pending_jobs = 0)");
    }

    @Test
    void duplicateKeysFailTheRunNamingTheKeyAndKeepEveryAlert() throws Exception {
        Map<String, Object> fired = h.run("jobs-by-priority", "queue");
        assertThat(alerts(fired, "opened")).hasSize(4);
        long high = alerts(fired, "opened").stream().filter(a -> a.get("key").equals("priority=high")).map(CheckSqlTest::id).findFirst().orElseThrow();

        // a running job makes the second half of the UNION return 'high' again
        assertNextRunFailsChangingNothing("jobs-by-priority", "INSERT INTO jobs (priority, status) VALUES ('high', 'running')",
                "duplicate key priority=high: key columns (priority) must identify one row", 4, high);
        assertThat(openAlerts("jobs-by-priority")).extracting(a -> a.get("key"))
                .containsExactlyInAnyOrder("priority=critical", "priority=high", "priority=normal", "priority=low");
    }

    @Test
    void aNullKeyFailsTheRunNamingTheKeyColumnAndKeepsTheAlert() throws Exception {
        Map<String, Object> fired = h.run("pending-by-queue", "queue");
        assertThat(alerts(fired, "opened")).singleElement().satisfies(a -> assertThat(a.get("key")).isEqualTo("queue=email-send"));

        assertTheAlertOutlivesAFailedRun(fired, "pending-by-queue",
                "INSERT INTO jobs (queue, priority, status) VALUES (NULL, 'low', 'pending')",
                "key column 'queue' is NULL or missing; key columns must identify each row", "no longer returned");
    }

    @Test
    void aRunTheTierRefusesChangesNoAlertAndSendsNoResolve() throws Exception {
        Map<String, Object> fired = h.run("queue-backlog", "queue");
        assertThat(((Map<?, ?>) fired.get("group")).get("firing")).isEqualTo(true);
        long id = id(alerts(fired, "opened").get(0));

        h.tiers.execute("queue", "REVOKE SELECT ON jobs FROM alerthub_monitor");
        Map<String, Object> failed;
        try {
            failed = h.run("queue-backlog", "queue");
        } finally {
            h.tiers.execute("queue", "GRANT SELECT ON jobs TO alerthub_monitor");
        }

        assertFailedChangingNothing(failed, "ERROR: permission denied for table jobs", "queue-backlog", 1, id);
        assertThat(failed.get("tierReachable")).as("the tier answered its probe: not an outage").isEqualTo(true);
        assertThat(h.health().get("staleGroups").toString()).contains("queue-backlog/queue: ERROR: permission denied for table jobs");

        // the next good run finds the same alert: still breaching, updated quietly, no longer stale
        Map<String, Object> again = h.run("queue-backlog", "queue");
        assertThat(again.get("status")).isEqualTo("ok");
        assertThat(alerts(again, "opened")).isEmpty();
        assertThat(((Map<?, ?>) again.get("group")).get("stale")).isEqualTo(false);

        assertClearingResolvesOnceAfterOneTrigger("queue-backlog", id, "back within bounds (pending_jobs = 0)");
    }

    // ---- check SQL never writes ----------------------------------------------------------------------------------

    @Test
    void checksThatWriteFailOnTheReadOnlySessionAndWriteNothing() throws Exception {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes-writes-monitor");
        try (HubHarness w = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString()))) {
            // with the tier up, the column check at load already refuses two of them, in the tier's words
            w.stopHub();
            routes.write("writing-checks.camel.yaml", WRITING_CHECKS);
            ConfigException refused = catchThrowableOfType(ConfigException.class, w::startHub);
            String file = routes.path("writing-checks.camel.yaml");
            // a check's line is where its templatedRoute's body starts, the line after '- templatedRoute:'
            int insertLine = routes.lineOf("writing-checks.camel.yaml", "routeId: check-insert-behind-select") - 1;
            int createLine = routes.lineOf("writing-checks.camel.yaml", "routeId: check-create-after-select") - 1;
            assertThat(refused.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                    file + ":" + insertLine + ": check 'insert-behind-select' on tier 'queue': the tier rejects the SQL: ERROR: WITH clause containing"
                            + " a data-modifying statement must be at the top level\n  Position: 21",
                    file + ":" + createLine + ": check 'create-after-select' on tier 'queue': the tier rejects the SQL: ERROR: syntax"
                            + " error at or near \";\"\n  Position: 29");
            routes.delete("writing-checks.camel.yaml");
            w.startHub();
            addWhileTheTierIsDown(w, routes);
            long jobs = count(w, "SELECT count(*) FROM jobs");

            Map<String, Object> insert = w.run("insert-behind-select", "queue");
            Map<String, Object> create = w.run("create-after-select", "queue");

            assertWritesRefused(w, insert, create, jobs);
            for (Map<String, Object> run : List.of(insert, create)) {
                assertThat(alerts(run, "opened")).isEmpty();
                assertThat(((Map<?, ?>) run.get("group")).get("stale")).isEqualTo(true);
            }
        }
    }

    @Test
    void evenAsTheSuperuserACheckCannotWriteNorTurnItsSessionReadWrite() throws Exception {
        // postgres may do anything: only the hub's read-only connection mode refuses the write. One pooled
        // connection, so every run below gets the session the run before it used.
        RoutesCopy routes = RoutesCopy.of(tmp, "routes-writes-postgres");
        try (HubHarness w = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(),
                "hub.tiers.queue.username", "postgres", "hub.tiers.queue.password", "", "hub.tiers.queue.hub-pool-size", "1"))) {
            addWhileTheTierIsDown(w, routes);
            long jobs = count(w, "SELECT count(*) FROM jobs");

            Map<String, Object> create = w.run("create-after-select", "queue");
            assertRefusedAsReadOnly(create, "CREATE TABLE");

            // a check that switches its session to read-write (set_config is allowed in a read-only transaction)
            Map<String, Object> readWrite = w.run("session-read-write", "queue");
            assertThat(readWrite.get("status")).isEqualTo("ok");
            // ... does not leave the next run on that session able to write
            Map<String, Object> createAgain = w.run("create-after-select", "queue");
            Map<String, Object> insert = w.run("insert-behind-select", "queue");

            assertWritesRefused(w, insert, createAgain, jobs);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Restarts the hub with the writing checks added while the queue tier is down, then brings the tier back. */
    private static void addWhileTheTierIsDown(HubHarness w, RoutesCopy routes) throws Exception {
        w.stopHub();
        w.tiers.drop("queue");
        routes.write("writing-checks.camel.yaml", WRITING_CHECKS);
        w.startHub();
        w.tiers.recreate("queue");
    }

    /**
     * Both writing checks failed on the read-only session, and wrote nothing: the job count is still {@code jobs} and
     * there is no table hub_was_here.
     */
    private static void assertWritesRefused(HubHarness w, Map<String, Object> insert, Map<String, Object> create, long jobs) throws Exception {
        // PostgreSQL names the top-level command of a data-modifying WITH
        assertRefusedAsReadOnly(insert, "SELECT");
        assertRefusedAsReadOnly(create, "CREATE TABLE");
        assertThat(count(w, "SELECT count(*) FROM jobs")).as("no job was inserted").isEqualTo(jobs);
        assertThat(count(w, "SELECT count(*) FROM pg_class WHERE relname = 'hub_was_here'")).as("no table was created").isZero();
    }

    private static void assertRefusedAsReadOnly(Map<String, Object> run, String command) {
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat(run.get("error")).isEqualTo("ERROR: cannot execute " + command + " in a read-only transaction");
    }

    /**
     * The check's first run fired one alert. After the change its next run fails with the error and changes nothing;
     * the run that clears the breach then resolves that alert, once, for the reason.
     */
    private static void assertTheAlertOutlivesAFailedRun(Map<String, Object> fired, String check, String change, String error, String reason)
            throws Exception {
        long id = id(alerts(fired, "opened").get(0));
        assertNextRunFailsChangingNothing(check, change, error, 1, id);
        assertClearingResolvesOnceAfterOneTrigger(check, id, reason);
    }

    /** After this change to the queue tier the check's next run fails with this error, and changes nothing. */
    private static void assertNextRunFailsChangingNothing(String check, String change, String error, int firing, long stillOpen) throws Exception {
        h.tiers.execute("queue", change);
        assertFailedChangingNothing(h.run(check, "queue"), error, check, firing, stillOpen);
    }

    /** The run failed with this error: no alert opened, updated or resolved, nothing to tell anyone, and the alerts still open. */
    private static void assertFailedChangingNothing(Map<String, Object> failed, String error, String check, int firing, long stillOpen) throws Exception {
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("error")).isEqualTo(error);
        assertThat(alerts(failed, "opened")).isEmpty();
        assertThat(alerts(failed, "updated")).isEmpty();
        assertThat(alerts(failed, "resolved")).isEmpty();
        assertThat(failed.get("notice")).isEqualTo("none");
        Map<?, ?> group = (Map<?, ?>) failed.get("group");
        assertThat(group.get("firing")).isEqualTo(true);
        assertThat(group.get("stale")).isEqualTo(true);
        assertThat(group.get("firingAlerts")).isEqualTo(firing);
        assertThat(openAlerts(check)).hasSize(firing).anySatisfy(a -> {
            assertThat(id(a)).isEqualTo(stillOpen);
            assertThat(a.get("state")).isEqualTo("firing");
        });
    }

    /**
     * Every pending job completes. The trigger went out once, and the failed run sent no resolve: the run that clears
     * the breach is the one that resolves the alert (it was still open), and its resolve is the only one, answering
     * the trigger.
     */
    private static void assertClearingResolvesOnceAfterOneTrigger(String check, long id, String reason) throws Exception {
        h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now() WHERE status = 'pending'");
        Map<String, Object> cleared = h.run(check, "queue");
        assertThat(alerts(cleared, "resolved")).singleElement().satisfies(a -> {
            assertThat(id(a)).isEqualTo(id);
            assertThat(a.get("resolveReason")).isEqualTo(reason);
        });
        List<MimeMessage> resolves = awaitDistinct(") " + check, "[RESOLVED]");
        List<MimeMessage> triggers = distinct(h.emails(") " + check).stream().filter(m -> !subject(m).contains("[RESOLVED]")).toList());
        assertThat(triggers).as("one trigger").hasSize(1);
        assertThat(resolves).as("one resolve").hasSize(1);
        assertThat(resolves.get(0).getHeader("In-Reply-To")[0]).isEqualTo(triggers.get(0).getMessageID());
    }

    private static List<MimeMessage> awaitDistinct(String subject, String marker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> found = distinct(h.emails(subject).stream().filter(m -> subject(m).contains(marker)).toList());
            if (!found.isEmpty()) return found;
            h.mail.waitForIncomingEmail(500, h.mail.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no email '" + marker + "' for " + subject);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> openAlerts(String check) throws Exception {
        HttpResponse<String> r = h.get("/api/alerts", HubHarness.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> all = new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), List.class);
        return all.stream().filter(a -> check.equals(a.get("check"))).toList();
    }

    private static long count(HubHarness harness, String sql) throws Exception {
        try (Connection c = harness.tiers.admin("queue"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long id(Map<String, Object> alert) {
        return ((Number) alert.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Map<String, Object> row) {
        return (Map<String, Object>) row.get("row");
    }
}
