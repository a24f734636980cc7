package com.penguinmails.alerthub.api;

import static com.penguinmails.alerthub.testkit.RunAnswer.alerts;
import static com.penguinmails.alerthub.testkit.RunAnswer.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API as other systems and people meet it: tokens and roles, JSON errors with a reason, and a run answer
 * that shows what the check saw and did. A refused request runs nothing; a dry run stores and sends nothing.
 *
 * <p>"Ran nothing" is shown on the wire: every real run sends one PostHog health sample on a FIFO queue, so after a
 * refused request a real run's sample is the only one for that check.
 */
class ApiTest {

    private static final String VIEWER = "viewer-secret-for-tests";
    /** In file order: api-checks.camel.yaml, then the shipped checks.camel.yaml. */
    private static final List<String> CHECKS = List.of("job-attempts", "tier-reachable", "pool-usage", "long-queries", "long-queries-olap",
            "queue-backlog", "queue-oldest-pending", "queue-processing-time", "queue-failure-rate", "olap-freshness");

    /** One row per pending job: the demo seed has 150. */
    private static final String API_CHECKS = """
            - templatedRoute:
                routeTemplateRef: health-check
                routeId: check-job-attempts
                parameters:
                  - name: check
                    value: job-attempts
                  - name: tiers
                    value: queue
                  - name: incident
                    value: performance-degradation
                  - name: keys
                    value: job_id
                  - name: thresholds
                    value: "attempts: high > 5, medium > 2"
                  - name: sql
                    value: SELECT id AS job_id, attempts FROM jobs WHERE status = 'pending' ORDER BY id
            """;

    @TempDir
    static Path tmp;
    @AutoClose
    private static HubHarness h;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").write("api-checks.camel.yaml", API_CHECKS);
        // queue's application pool max is 2 here, so two held connections make pool-usage critical on it
        h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(),
                "hub.api.tokens.viewer", "viewer:" + VIEWER,
                "hub.tiers.queue.pool-max", "2"));
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    @Test
    void withoutAnyTokenConfiguredTheApiAnswers503SayingHowToSetOne() throws Exception {
        try (HubHarness open = HubHarness.start(Map.of(), Set.of("hub.api.tokens.tests"))) {
            Map<String, Object> expected = Map.of("status", 503, "error", "the API has no token configured: set"
                    + " hub.api.tokens.<name>=<viewer|operator|admin>:<secret> (for example the environment variable"
                    + " HUB_API_TOKENS_OPS=operator:<secret>) and restart");

            assertJsonError(open.post("/api/checks/queue-backlog/run?tier=queue", "", HubHarness.TOKEN), 503, expected);
            assertJsonError(open.get("/api/checks", null), 503, expected);
            assertJsonError(open.get("/api/alerts", HubHarness.TOKEN), 503, expected);

            // the hub itself runs; the demo seed's backlog was not checked, so nothing fired
            Map<String, Object> health = open.health();
            assertThat(health.get("status")).isEqualTo("UP");
            assertThat(health.get("firingGroups")).isEqualTo(List.of());
            assertThat(((Map<?, ?>) ((Map<?, ?>) health.get("tiers")).get("queue")).get("state")).isEqualTo("unknown (not checked yet)");
        }
    }

    @Test
    void aMissingOrUnknownTokenIs401AndAViewerMayLookButNotRun() throws Exception {
        assertJsonError(h.post("/api/checks/queue-oldest-pending/run?tier=queue", "", null), 401,
                Map.of("status", 401, "error", "missing bearer token: send 'Authorization: Bearer <secret>'"));
        assertJsonError(h.post("/api/checks/queue-oldest-pending/run?tier=queue", "", "not-the-secret"), 401,
                Map.of("status", 401, "error", "unknown bearer token"));
        assertJsonError(h.post("/api/checks/queue-oldest-pending/run?tier=queue", "", VIEWER), 403,
                Map.of("status", 403, "error", "token 'viewer' has role viewer; this needs operator"));
        assertJsonError(h.get("/api/alerts", null), 401,
                Map.of("status", 401, "error", "missing bearer token: send 'Authorization: Bearer <secret>'"));

        HttpResponse<String> list = h.get("/api/checks", VIEWER);
        assertThat(list.statusCode()).isEqualTo(200);
        List<Map<String, Object>> checks = list(list.body());
        assertThat(checks).extracting(c -> c.get("name")).containsExactlyElementsOf(CHECKS);
        assertThat(checks.get(CHECKS.indexOf("queue-backlog"))).containsEntry("tiers", List.of("queue")).containsEntry("thresholds", "pending_jobs: high > 100, clear < 90")
                .containsEntry("incident", "performance-degradation").containsEntry("schedule", "60s");
        assertThat(h.get("/api/alerts", VIEWER).statusCode()).isEqualTo(200);

        assertNoRunBefore("queue-oldest-pending", "queue");
    }

    // ---- what does not exist ------------------------------------------------------------------------------------

    @Test
    void anUnknownCheckOrTierIs404NamingItAndWhatExists() throws Exception {
        HttpResponse<String> noCheck = h.post("/api/checks/queue-size/run", "", HubHarness.TOKEN);
        assertJsonError(noCheck, 404, Map.of("status", 404, "error", "unknown check 'queue-size'", "checks", CHECKS));

        HttpResponse<String> otherTier = h.post("/api/checks/queue-processing-time/run?tier=oltp", "", HubHarness.TOKEN);
        assertJsonError(otherTier, 404, Map.of("status", 404, "error", "check 'queue-processing-time' does not run on tier 'oltp'",
                "tiers", List.of("queue")));
        HttpResponse<String> noTier = h.post("/api/checks/queue-processing-time/run", "{\"tier\": \"warehouse\"}", HubHarness.TOKEN);
        assertJsonError(noTier, 404, Map.of("status", 404, "error", "check 'queue-processing-time' does not run on tier 'warehouse'",
                "tiers", List.of("queue")));

        assertNoRunBefore("queue-processing-time", "queue");
    }

    @Test
    void aMalformedJsonBodyIs400WithAReasonAndRunsNothing() throws Exception {
        HttpResponse<String> broken = h.post("/api/checks/queue-failure-rate/run", "{\"tier\": \"queue\", \"dryRun\": tru", HubHarness.TOKEN);
        assertJsonError(broken, 400, Map.of("status", 400, "error", "the request body is not valid JSON: Unrecognized token 'tru':"
                + " was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (expected e.g."
                + " {\"tier\": \"oltp\", \"dryRun\": true}, or use query parameters)"));
        HttpResponse<String> notAnObject = h.post("/api/checks/queue-failure-rate/run", "[\"queue\"]", HubHarness.TOKEN);
        assertJsonError(notAnObject, 400, Map.of("status", 400, "error",
                "the request body must be a JSON object like {\"tier\": \"oltp\", \"dryRun\": true}"));

        assertNoRunBefore("queue-failure-rate", "queue");
    }

    @Test
    void aDryRunFlagThatIsNeitherTrueNorFalseIs400AndRunsNothing() throws Exception {
        // read as false, either would be a real run that notifies people
        assertJsonError(h.post("/api/checks/olap-freshness/run?tier=olap&dryRun=yes", "", HubHarness.TOKEN), 400,
                Map.of("status", 400, "error", "dryRun is true or false, not 'yes'"));
        assertJsonError(h.post("/api/checks/olap-freshness/run", "{\"tier\": \"olap\", \"dryRun\": 1}", HubHarness.TOKEN), 400,
                Map.of("status", 400, "error", "dryRun is true or false, not '1'"));

        assertNoRunBefore("olap-freshness", "olap");
    }

    // ---- dry runs -------------------------------------------------------------------------------------------------

    @Test
    void aDryRunShowsTheVerdictsAndWouldBeAlertsAndStoresAndSendsNothing() throws Exception {
        // the demo seed has 150 pending jobs: the backlog breaches
        Map<String, Object> dry = runs(h.post("/api/checks/queue-backlog/run?tier=queue&dryRun=true", "", HubHarness.TOKEN));

        assertThat(dry.get("dryRun")).isEqualTo(true);
        Map<String, Object> run = only(dry);
        assertThat(run).containsEntry("status", "ok").containsEntry("totalRows", 1).containsEntry("offendingRows", 1)
                .containsEntry("notice", "trigger");
        assertThat(rows(run)).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("verdict", "breach").containsEntry("severity", "high").containsEntry("column", "pending_jobs")
                .containsEntry("value", 150).containsEntry("bound", "> 100"));
        assertThat(alerts(run, "opened")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("id", 0).containsEntry("change", "fired").containsEntry("state", "firing")
                .containsEntry("severity", "high").containsEntry("value", "150").containsEntry("detail", "pending_jobs = 150 (high > 100)"));
        assertThat((Map<String, Object>) run.get("group")).containsEntry("firing", true).containsEntry("severity", "high");
        assertThat(openAlerts("queue-backlog")).as("nothing stored").isEmpty();

        // the real run opens the alert afresh (the dry run left nothing to update) and sends its trigger
        Map<String, Object> real = only(runs(h.post("/api/checks/queue-backlog/run?tier=queue", "", HubHarness.TOKEN)));
        assertThat(alerts(real, "opened")).singleElement().satisfies(a -> assertThat(a.get("change")).isEqualTo("fired"));
        assertThat(openAlerts("queue-backlog")).hasSize(1);
        // each channel is one FIFO queue: once the real run's messages are in, a dry run's would be in before them
        Await.until("deliveries", () -> !triggerEmails("queue-backlog").isEmpty() && webhooks("queue-backlog").size() >= 1
                && samples("queue-backlog", "queue") >= 1);
        assertThat(triggerEmails("queue-backlog")).as("exactly one trigger email").hasSize(1);
        assertThat(webhooks("queue-backlog")).as("exactly one webhook").hasSize(1);
        assertThat(samples("queue-backlog", "queue")).as("one health sample: the dry run sent none").isEqualTo(1);
    }

    @Test
    void aJsonBodyWorksLikeTheQueryParameters() throws Exception {
        try (HeldConnections held = h.tiers.holdConnections("queue", 2)) {
            Map<String, Object> byBody = runs(h.post("/api/checks/pool-usage/run", "{\"tier\":\"queue\",\"dryRun\":true}", HubHarness.TOKEN));
            Map<String, Object> byQuery = runs(h.post("/api/checks/pool-usage/run?tier=queue&dryRun=true", "", HubHarness.TOKEN));

            // pool-usage runs on all four tiers; the body chose one, and a dry one
            assertThat(byBody.get("dryRun")).isEqualTo(true);
            Map<String, Object> run = only(byBody);
            assertThat(run.get("tier")).isEqualTo("queue");
            assertThat(rows(run)).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("verdict", "breach").containsEntry("severity", "critical").containsEntry("value", 100.0));
            assertThat(alerts(run, "opened")).singleElement().satisfies(a -> assertThat(a).containsEntry("id", 0).containsEntry("change", "fired"));
            assertThat(withoutTimings(byBody)).isEqualTo(withoutTimings(byQuery));
            assertThat(openAlerts("pool-usage")).as("neither dry run stored anything").isEmpty();

            Map<String, Object> real = only(runs(h.post("/api/checks/pool-usage/run", "{\"tier\":\"queue\"}", HubHarness.TOKEN)));
            assertThat(alerts(real, "opened")).singleElement().satisfies(a -> assertThat(a.get("change")).isEqualTo("fired"));
        }
        Map<String, Object> cleared = only(runs(h.post("/api/checks/pool-usage/run?tier=queue", "", HubHarness.TOKEN)));
        assertThat(alerts(cleared, "resolved")).hasSize(1);
        Await.until("deliveries", () -> samples("pool-usage", "queue") >= 2);
        assertThat(samples("pool-usage", "queue")).as("the two real runs; the dry runs sent nothing").isEqualTo(2);
        assertThat(samples("pool-usage", "oltp")).as("a tier chosen in the body runs that tier only").isZero();
    }

    // ---- the run answer ---------------------------------------------------------------------------------------------

    @Test
    void theRunAnswerHasTotalRowsAHundredRowsWithVerdictsAndTheAlertChanges() throws Exception {
        h.tiers.execute("queue", "UPDATE jobs SET attempts = 3 WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 10)");

        Map<String, Object> first = h.run("job-attempts", "queue");

        assertThat(first).containsEntry("status", "ok").containsEntry("totalRows", 150).containsEntry("offendingRows", 10);
        assertThat(rows(first)).hasSize(100).allSatisfy(r -> assertThat(r.get("verdict")).isIn("ok", "breach"));
        assertThat(rows(first)).filteredOn(r -> r.get("verdict").equals("breach")).hasSize(10)
                .allSatisfy(r -> assertThat(r).containsEntry("severity", "medium").containsEntry("value", 3));
        assertThat(alerts(first, "opened")).hasSize(10).allSatisfy(a -> assertThat(a.get("change")).isEqualTo("fired"));
        assertThat(alerts(first, "updated")).isEmpty();
        assertThat(alerts(first, "resolved")).isEmpty();

        // five get worse, five recover
        h.tiers.execute("queue", "UPDATE jobs SET attempts = 6 WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 5)");
        h.tiers.execute("queue", "UPDATE jobs SET attempts = 0 WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' ORDER BY id OFFSET 5 LIMIT 5)");
        Map<String, Object> second = h.run("job-attempts", "queue");

        assertThat(second).containsEntry("status", "ok").containsEntry("totalRows", 150).containsEntry("offendingRows", 5);
        assertThat(rows(second)).hasSize(100).allSatisfy(r -> assertThat(r.get("verdict")).isIn("ok", "breach"));
        assertThat(alerts(second, "opened")).isEmpty();
        assertThat(alerts(second, "updated")).hasSize(5).allSatisfy(a -> assertThat(a)
                .containsEntry("change", "raised").containsEntry("severity", "high").containsEntry("value", "6"));
        assertThat(alerts(second, "resolved")).hasSize(5).allSatisfy(a -> assertThat(a)
                .containsEntry("change", "resolved").containsEntry("resolveReason", "back within bounds (attempts = 0)"));
        assertThat((Map<String, Object>) second.get("group")).containsEntry("firingAlerts", 5).containsEntry("severity", "high");
        assertThat(openAlerts("job-attempts")).hasSize(5);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void assertJsonError(HttpResponse<String> r, int status, Map<String, Object> body) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.readValue(r.body(), Map.class)).isEqualTo(body);
    }

    /** The refused requests ran nothing: one real run now, and its health sample is the only one for the check. */
    private static void assertNoRunBefore(String check, String tier) throws Exception {
        assertThat(h.run(check, tier).get("status")).isEqualTo("ok");
        Await.until("deliveries", () -> samples(check, tier) >= 1);
        assertThat(samples(check, tier)).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static long samples(String check, String tier) {
        return h.posthog.events("db_health_sample").stream().map(e -> (Map<String, Object>) e.get("properties"))
                .filter(p -> check.equals(p.get("check")) && tier.equals(p.get("tier"))).count();
    }

    private static List<MimeMessage> triggerEmails(String check) {
        Set<String> ids = new LinkedHashSet<>();
        return h.emails(") " + check).stream().filter(m -> {
            try {
                return !m.getSubject().contains("[RESOLVED]") && ids.add(m.getMessageID());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<Map<String, Object>> webhooks(String check) {
        return h.webhook.received().stream().map(r -> r.body()).filter(b -> check.equals(b.get("check"))).toList();
    }


    private List<Map<String, Object>> openAlerts(String check) throws Exception {
        HttpResponse<String> r = h.get("/api/alerts", HubHarness.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return list(r.body()).stream().filter(a -> check.equals(a.get("check"))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String body) throws Exception {
        return json.readValue(body, List.class);
    }

    private Map<String, Object> runs(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return h.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(Map<String, Object> answer) {
        List<Map<String, Object>> runs = (List<Map<String, Object>>) answer.get("runs");
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutTimings(Map<String, Object> answer) {
        Map<String, Object> copy = new LinkedHashMap<>(answer);
        copy.put("runs", ((List<Map<String, Object>>) answer.get("runs")).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>(r);
            m.remove("startedAt");
            m.remove("durationMs");
            return m;
        }).toList());
        return copy;
    }
}
