package com.penguinmails.alerthub.silence;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HubHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a person making a silence is told when it is wrong: a 400 with the reason, and nothing made. Only an operator
 * makes or expires silences; a viewer may list them.
 */
class SilenceApiTest {

    private static final String VIEWER = "viewer-secret-for-silences";

    @AutoClose
    private static HubHarness h;
    private static Instant now;

    @BeforeAll
    static void start() throws Exception {
        h = HubHarness.start(Map.of("hub.api.tokens.viewer", "viewer:" + VIEWER));
        now = h.clock.instant();
    }

    private static String body(String matchers, String more) {
        return "{\"matchers\": " + matchers + ", \"endsAt\": \"" + now.plus(Duration.ofHours(1)) + "\", \"comment\": \"test\"" + more + "}";
    }

    @Test
    void badSilencesAre400WithTheReasonAndMakeNothing() throws Exception {
        String example = "{\"matchers\": [\"tier=olap\", \"check=pool-usage\"], \"endsAt\": \"2026-11-25T12:00:00Z\", \"comment\": \"resizing the pool\"}";
        refused("", "a silence needs a JSON body like " + example);
        refused(body("[]", ""), "a silence needs at least one matcher, e.g. \"matchers\": [\"tier=oltp\", \"check=pool-usage\"]");
        refused("{\"endsAt\": \"" + now.plus(Duration.ofHours(1)) + "\", \"comment\": \"test\"}",
                "a silence needs at least one matcher, e.g. \"matchers\": [\"tier=oltp\", \"check=pool-usage\"]");
        refused(body("\"tier=oltp\"", ""), "matchers is a list of texts, e.g. \"matchers\": [\"tier=oltp\", \"check=pool-usage\"]");
        refused(body("[\"host=db1\"]", ""), "matcher 'host=db1': unknown label 'host' (labels: tier, check, incident, severity)");
        refused(body("[\"tier\"]", ""), "matcher 'tier' is not label=value, label!=value, label=~regex or label!~regex"
                + " (labels: tier, check, incident, severity)");
        refused(body("[\"check=~pool-(\"]", ""), "matcher 'check=~pool-(': bad regex: Unclosed group near index 6");
        refused(body("[\"tier=oltp\", \"tier=warehouse\"]", ""),
                "matcher 'tier=warehouse': unknown tier 'warehouse' (tiers: content, olap, oltp, queue)");
        refused(body("[\"check=pool\"]", ""), "matcher 'check=pool': unknown check 'pool' (checks: long-queries, long-queries-olap,"
                + " olap-freshness, pool-usage, queue-backlog, queue-failure-rate, queue-oldest-pending, queue-processing-time, tier-reachable)");
        refused(body("[\"incident=fire\"]", ""), "matcher 'incident=fire': unknown incident 'fire' (incidents: connection-pool-exhaustion,"
                + " data-integrity, database-outage, hub-self, performance-degradation, security-breach)");
        refused(body("[\"severity!=urgent\"]", ""), "matcher 'severity!=urgent': unknown severity 'urgent' (severities: critical, high, medium, low)");

        Instant later = now.plus(Duration.ofHours(2));
        refused(body("[\"tier=oltp\"]", ", \"startsAt\": \"" + later + "\""),
                "endsAt " + now.plus(Duration.ofHours(1)) + " is not after startsAt " + later);
        Instant past = now.minus(Duration.ofMinutes(1));
        refused("{\"matchers\": [\"tier=oltp\"], \"startsAt\": \"" + past.minus(Duration.ofHours(1)) + "\", \"endsAt\": \"" + past
                + "\", \"comment\": \"test\"}", "endsAt " + past + " is in the past (now " + now + ")");
        refused("{\"matchers\": [\"tier=oltp\"], \"comment\": \"test\"}", "a silence needs endsAt, an ISO-8601 time like 2026-11-25T12:00:00Z");
        refused(body("[\"tier=oltp\"]", ", \"startsAt\": \"tomorrow\""), "startsAt 'tomorrow' is not an ISO-8601 time like 2026-11-25T12:00:00Z");
        refused("{\"matchers\": [\"tier=oltp\"], \"endsAt\": \"" + now.plus(Duration.ofHours(1)) + "\"}", "a silence needs a comment saying why");
        refused(body("[\"tier=oltp\"]", ", \"endAt\": \"soon\""), "unknown field 'endAt' (fields: comment, endsAt, matchers, startsAt)");

        HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.httpPort + "/api/silences"))
                .header("Authorization", "Bearer " + HubHarness.TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body("[\"tier=oltp\"]", ""))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as("what curl -d sends").isEqualTo(415);
        assertThat(h.parse(form.body())).containsEntry("error", "send the silence as JSON with 'Content-Type: application/json', not as a form");

        assertThat(h.list(h.get("/api/silences", VIEWER).body())).as("none was made").isEmpty();
    }

    @Test
    void aViewerListsSilencesButOnlyAnOperatorMakesOrExpiresThem() throws Exception {
        HttpResponse<String> byViewer = h.post("/api/silences", body("[\"tier=queue\"]", ""), VIEWER);
        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(h.parse(byViewer.body())).containsEntry("error", "token 'viewer' has role viewer; this needs operator");

        Instant starts = now.plus(Duration.ofMinutes(30));
        HttpResponse<String> made = h.post("/api/silences", body("[\"tier=queue\", \"severity=~high|critical\"]",
                ", \"startsAt\": \"" + starts + "\""), HubHarness.TOKEN);
        assertThat(made.statusCode()).isEqualTo(201);
        long id = ((Number) h.parse(made.body()).get("id")).longValue();
        assertThat(h.delete("/api/silences/" + id, VIEWER).statusCode()).isEqualTo(403);

        List<Map<String, Object>> listed = h.list(h.get("/api/silences", VIEWER).body());
        assertThat(listed).filteredOn(s -> ((Number) s.get("id")).longValue() == id).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("state", "pending").containsEntry("startsAt", starts.toString()).containsEntry("createdBy", "tests")
                .containsEntry("matchers", List.of("tier=queue", "severity=~high|critical")).containsEntry("comment", "test"));

        // a pending silence expired now never starts
        Map<String, Object> expired = h.parse(h.delete("/api/silences/" + id, HubHarness.TOKEN).body());
        assertThat(expired).containsEntry("state", "expired").containsEntry("startsAt", now.toString()).containsEntry("endsAt", now.toString());
    }

    private static void refused(String body, String reason) throws Exception {
        HttpResponse<String> r = h.post("/api/silences", body, HubHarness.TOKEN);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(h.parse(r.body())).isEqualTo(Map.of("status", 400, "error", reason));
    }
}
