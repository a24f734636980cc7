package com.penguinmails.alerthub.silence;

import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RunAnswer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Silences through the API on a real hub: a silenced group is reconciled and recorded but nobody hears of it and it
 * does not escalate, while a group the silence does not match is notified as usual on the same channels. When the
 * silence ends (its endsAt passes, or DELETE expires it), the next escalation tick sends the trigger, and the
 * escalation counts from then. A group acknowledged while its trigger was held stays quiet after the silence until the
 * acknowledgement expires. Pool usage is made critical on olap and content by holding their five connections.
 */
class SilenceTest {

    private static final String POOL = "pool-usage";

    private HubHarness h;
    private Received got;

    @AfterEach
    void stop() throws Exception {
        if (h != null) h.close();
    }

    private void start() throws Exception {
        h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5", "hub.tiers.content.pool-max", "5"));
        got = new Received(h);
    }

    private Map<String, Object> silence(String matchers, Instant endsAt, String comment) throws Exception {
        HttpResponse<String> r = h.post("/api/silences", "{\"matchers\": " + matchers + ", \"endsAt\": \"" + endsAt + "\", \"comment\": \""
                + comment + "\"}", HubHarness.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return h.parse(r.body());
    }

    @Test
    void aSilenceMutesOnlyItsGroupAndWhenItEndsTheTriggerGoesOutAndEscalationCountsFromThen() throws Exception {
        start();
        Instant t0 = h.clock.instant();
        Instant ends = t0.plus(Duration.ofMinutes(30));
        Map<String, Object> made = silence("[\"tier=olap\", \"check=pool-usage\"]", ends, "resizing the olap pool");
        assertThat(made).containsEntry("id", 1).containsEntry("state", "active").containsEntry("createdBy", "tests")
                .containsEntry("matchers", List.of("tier=olap", "check=pool-usage")).containsEntry("startsAt", t0.toString())
                .containsEntry("endsAt", ends.toString()).containsEntry("comment", "resizing the olap pool");

        long olapAlert;
        try (HeldConnections olap = h.tiers.holdConnections("olap", 5)) {
            try (HeldConnections content = h.tiers.holdConnections("content", 5)) {
                olapAlert = ((Number) RunAnswer.alerts(h.run(POOL, "olap"), "opened").get(0).get("id")).longValue();
                h.run(POOL, "content");
                h.awaitDeliveriesDone();
                // content is paged, mailed, posted and recorded in PostHog; olap, silenced, on none of them
                assertThat(got.pager(POOL, "content", "trigger")).hasSize(2);
                assertThat(got.triggerEmails(POOL, "content")).hasSize(1);
                assertThat(got.webhooks(POOL, "content", "trigger")).hasSize(1);
                assertThat(got.posthog(POOL, "content", "db_alert_triggered")).hasSize(1);
                assertThat(got.pager(POOL, "olap", "trigger")).isEmpty();
                assertThat(got.copies(POOL, "olap")).isEmpty();
                assertThat(got.webhooks(POOL, "olap", "trigger")).isEmpty();
                assertThat(got.posthog(POOL, "olap", "db_alert_triggered")).isEmpty();

                assertThat(h.escalate()).as("content's step 2 (critical: at once); olap does not escalate").isEqualTo(1);
                assertThat(got.webhooks(POOL, "content", "escalate")).hasSize(1);
                assertThat(got.webhooks(POOL, "olap", "escalate")).isEmpty();
            }
            h.run(POOL, "content");
            h.awaitDeliveriesDone();
            assertThat(got.pager(POOL, "content", "resolve")).hasSize(2);

            // olap is still an alert like any other: listed, firing, its history says why nobody heard of it
            assertThat(openAlerts()).extracting(a -> a.get("id"), a -> a.get("tier"), a -> a.get("state"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple((int) olapAlert, "olap", "firing"));
            assertThat(h.history(olapAlert)).containsExactly(List.of("fired", "usage_pct = 100.0 (critical > 90)"),
                    List.of("muted", "silenced by silence #1 (tests: resizing the olap pool)"));

            h.clock.advance(Duration.ofMinutes(30).minusSeconds(1));
            assertThat(h.escalate()).as("still silenced one second before endsAt").isZero();
            assertThat(got.pager(POOL, "olap", "trigger")).isEmpty();

            h.clock.advance(Duration.ofSeconds(1));
            theHeldOlapTriggerGoesOutWithStep2();
            assertThat(h.history(olapAlert)).last().isEqualTo(List.of("unmuted",
                    "no longer silenced by silence #1 (tests: resizing the olap pool): the trigger goes out now"));
            assertThat(h.escalate()).as("each once").isZero();

            // step 3 comes 5 min after the trigger that the silence held, not 5 min after the alert fired
            h.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
            assertThat(h.escalate()).isZero();
            h.clock.advance(Duration.ofSeconds(1));
            assertThat(h.escalate()).isEqualTo(1);
            assertThat(got.webhooks(POOL, "olap", "escalate")).extracting(w -> (String) w.get("title")).last().asString()
                    .startsWith("[PROD][CRITICAL][ESCALATED step 3, unacknowledged 5 min] ");
            assertThat(silences()).singleElement().satisfies(s -> assertThat(s).containsEntry("state", "expired"));
        }
        h.run(POOL, "olap");
        h.awaitDeliveriesDone();
        assertThat(got.pager(POOL, "olap", "resolve")).as("the resolve reaches who heard the trigger").hasSize(2);
        assertThat(h.pager.accepted()).as("two triggers and two resolves per group, nothing else").hasSize(8);
    }

    @Test
    void deletingASilenceEndsItAtTheNextTickAndTheResolveOfAHeldTriggerReachesNobody() throws Exception {
        start();
        silence("[\"tier=~ol.*\"]", h.clock.instant().plus(Duration.ofHours(2)), "olap migration");
        try (HeldConnections olap = h.tiers.holdConnections("olap", 5); HeldConnections content = h.tiers.holdConnections("content", 5)) {
            h.run(POOL, "olap");
            h.run(POOL, "content");
        }
        h.run(POOL, "olap");
        h.run(POOL, "content");
        h.awaitDeliveriesDone();
        // content: trigger and resolve on every channel; olap, whose trigger was held: neither
        assertThat(got.pager(POOL, "content", "trigger")).hasSize(2);
        assertThat(got.pager(POOL, "content", "resolve")).hasSize(2);
        assertThat(got.resolveEmails(POOL, "content")).hasSize(1);
        assertThat(got.webhooks(POOL, "content", "resolve")).hasSize(1);
        assertThat(got.posthog(POOL, "content", "db_alert_resolved")).hasSize(1);
        assertThat(got.pager(POOL, "olap", "trigger")).isEmpty();
        assertThat(got.pager(POOL, "olap", "resolve")).isEmpty();
        assertThat(got.copies(POOL, "olap")).isEmpty();
        assertThat(got.webhooks(POOL, "olap", "resolve")).isEmpty();
        assertThat(got.posthog(POOL, "olap", "db_alert_resolved")).isEmpty();

        try (HeldConnections olap = h.tiers.holdConnections("olap", 5)) {
            h.run(POOL, "olap");
            assertThat(h.escalate()).as("silenced").isZero();

            HttpResponse<String> deleted = h.delete("/api/silences/1", HubHarness.TOKEN);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(h.parse(deleted.body())).containsEntry("state", "expired").containsEntry("already", false)
                    .containsEntry("endsAt", h.clock.instant().toString());
            assertThat(h.parse(h.delete("/api/silences/1", HubHarness.TOKEN).body())).containsEntry("already", true);
            HttpResponse<String> unknown = h.delete("/api/silences/7", HubHarness.TOKEN);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(h.parse(unknown.body())).containsEntry("error", "unknown silence '7'");

            assertThat(h.escalate()).as("the trigger and step 2, at once").isEqualTo(2);
            assertThat(got.pager(POOL, "olap", "trigger")).hasSize(2);
            assertThat(got.triggerEmails(POOL, "olap")).hasSize(1);
        }
    }

    @Test
    void anAcknowledgementOfAHeldTriggerKeepsItHeldWhenTheSilenceEndsUntilItExpires() throws Exception {
        start();
        Instant t0 = h.clock.instant();
        silence("[\"check=pool-usage\"]", t0.plus(Duration.ofMinutes(30)), "pool maintenance");
        String why = "silenced by silence #1 (tests: pool maintenance)";
        try (HeldConnections olap = h.tiers.holdConnections("olap", 5)) {
            long olapAlert;
            try (HeldConnections content = h.tiers.holdConnections("content", 5)) {
                olapAlert = ((Number) RunAnswer.alerts(h.run(POOL, "olap"), "opened").get(0).get("id")).longValue();
                h.run(POOL, "content");

                // olap is taken before anyone heard of it: accepted, and the answer and the history say nobody was told
                HttpResponse<String> ack = h.post("/api/alerts/" + olapAlert + "/ack", "{\"comment\": \"mine\"}", HubHarness.TOKEN);
                assertThat(ack.statusCode()).isEqualTo(200);
                assertThat(h.parse(ack.body())).containsEntry("acknowledged", true).containsEntry("already", false)
                        .containsEntry("notified", false).containsEntry("heldBy", why);
                assertThat(h.history(olapAlert)).containsExactly(List.of("fired", "usage_pct = 100.0 (critical > 90)"), List.of("muted", why),
                        List.of("acknowledged", "by tests: mine; nobody had been notified: " + why + " held the trigger"));
                assertThat(h.escalate()).as("both silenced").isZero();

                // the silence ends: content's held trigger and step 2 go out; olap, acknowledged, hears nothing on any channel
                h.clock.advance(Duration.ofMinutes(30));
                assertThat(h.escalate()).isEqualTo(2);
                assertThat(got.pager(POOL, "content", "trigger")).hasSize(2);
                assertThat(got.triggerEmails(POOL, "content")).hasSize(1);
                assertThat(got.webhooks(POOL, "content", "trigger")).hasSize(1);
                assertThat(got.webhooks(POOL, "content", "escalate")).hasSize(1);
                assertThat(got.posthog(POOL, "content", "db_alert_triggered")).hasSize(1);
                assertThat(h.pager.accepted().stream().filter(e -> Fingerprint.group(POOL, "olap").equals(e.get("dedup_key")))).isEmpty();
                assertThat(got.copies(POOL, "olap")).as("no trigger, no [ACKNOWLEDGED]").isEmpty();
                assertThat(h.webhook.received().stream().filter(w -> "olap".equals(w.body().get("tier")))).isEmpty();
                assertThat(got.posthog(POOL, "olap", "db_alert_triggered")).isEmpty();
                assertThat(h.posthog.events("db_alert_acknowledged")).isEmpty();
                assertThat(h.history(olapAlert)).last().isEqualTo(List.of("unmuted", "no longer " + why
                        + ": acknowledged before anyone was notified, the trigger goes out only if the acknowledgement expires"));
            }
            h.run(POOL, "content");
            h.awaitDeliveriesDone();
            assertThat(got.pager(POOL, "content", "resolve")).hasSize(2);

            // the acknowledgement (hub.ack.timeout, 4 h) runs out with olap still firing: its trigger and escalation start then
            h.clock.advance(Duration.ofHours(4).minus(Duration.ofMinutes(30)).minusSeconds(1));
            assertThat(h.escalate()).as("still acknowledged").isZero();
            assertThat(got.pager(POOL, "olap", "trigger")).isEmpty();
            h.clock.advance(Duration.ofSeconds(1));
            theHeldOlapTriggerGoesOutWithStep2();
            assertThat(h.history(olapAlert)).last().isEqualTo(List.of("ack_expired",
                    "acknowledgement by tests: mine expired: still firing 4 h later; nobody had been notified, the trigger goes out now"));

            h.clock.advance(Duration.ofMinutes(5));
            assertThat(h.escalate()).as("step 3, five minutes after the trigger").isEqualTo(1);
            assertThat(got.webhooks(POOL, "olap", "escalate")).extracting(w -> (String) w.get("title")).last().asString()
                    .startsWith("[PROD][CRITICAL][ESCALATED step 3, unacknowledged 5 min] ");
        }
        assertThat(h.pager.accepted()).as("content's trigger and resolve, olap's trigger").hasSize(6);
    }

    private List<Map<String, Object>> openAlerts() throws Exception {
        return h.list(h.get("/api/alerts", HubHarness.TOKEN).body());
    }

    private List<Map<String, Object>> silences() throws Exception {
        return h.list(h.get("/api/silences", HubHarness.TOKEN).body());
    }

    /** The tick that ends what held olap's trigger sends it, and step 2 with it (critical), on every channel once. */
    private void theHeldOlapTriggerGoesOutWithStep2() throws Exception {
        assertThat(h.escalate()).as("the held trigger, and step 2 with it (critical)").isEqualTo(2);
        assertThat(got.pager(POOL, "olap", "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(got.triggerEmails(POOL, "olap")).singleElement().satisfies(m ->
                assertThat(subject(m)).startsWith("[PROD][CRITICAL] Connection Pool Exhaustion: olap ("));
        assertThat(got.webhooks(POOL, "olap", "trigger")).hasSize(1);
        assertThat(got.webhooks(POOL, "olap", "escalate")).hasSize(1);
        assertThat(got.posthog(POOL, "olap", "db_alert_triggered")).hasSize(1);
    }
}
