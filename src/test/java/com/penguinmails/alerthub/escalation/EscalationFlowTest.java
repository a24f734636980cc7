package com.penguinmails.alerthub.escalation;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static com.penguinmails.alerthub.testkit.Contacts.DBOPS;
import static com.penguinmails.alerthub.testkit.Contacts.ONCALL;
import static com.penguinmails.alerthub.testkit.Contacts.EM;
import static com.penguinmails.alerthub.testkit.Contacts.CTO;
import static com.penguinmails.alerthub.testkit.Contacts.CEO;

import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.RunAnswer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub escalates by itself: the escalation tick ({@code direct:escalate}) sends every step of a firing group's
 * timeline that is due, once, in order, on the shipped matrix's timing. Time is the harness's TestClock, advanced by
 * the test; the tick is called, never waited for.
 */
class EscalationFlowTest {

    static final String CTO_KEY = "R0CTO00000000000000000000000000c";
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path tmp;

    private HubHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) h.close();
    }

    /** The shipped routes, with addresses for the roles the runbook leaves unset (the CTO's pager key as a placeholder). */
    private RoutesCopy routes(String name) {
        return RoutesCopy.of(tmp, name)
                .edit("contact-matrix.yaml", "name: Engineering Manager\n    email: unset", "name: Engineering Manager\n    email: " + EM)
                .edit("contact-matrix.yaml", "name: CTO\n    email: unset\n    pager: unset",
                        "name: CTO\n    email: " + CTO + "\n    pager: \"{{hub.contacts.cto.pager:unset}}\"")
                .edit("contact-matrix.yaml", "name: CEO\n    email: unset", "name: CEO\n    email: " + CEO);
    }

    private void startWith(RoutesCopy routes) throws Exception {
        h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(), "hub.tiers.olap.pool-max", "5",
                "hub.contacts.cto.pager", CTO_KEY));
    }

    private int tick() {
        return h.escalate();
    }

    @Test
    void aCriticalPoolAlertEscalatesStepByStepRepeatsAndTheResolveReachesEveryoneNotifiedOnce() throws Exception {
        startWith(routes("critical"));
        try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
            assertThat(((Map<?, ?>) h.run("pool-usage", "olap").get("group")).get("severity")).isEqualTo("critical");
            h.awaitDeliveriesDone();
            assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1));

            // critical: steps 1 and 2 at once (step 2 of Connection Pool Exhaustion: the Engineering Manager)
            assertThat(tick()).isEqualTo(1);
            assertThat(tick()).as("each entry once").isZero();
            assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1, EM, 1));
            assertThat(emailsTo(EM)).extracting(m -> subject(m)).singleElement().asString()
                    .startsWith("[PROD][CRITICAL][ESCALATED step 2, unacknowledged 0 min] Connection Pool Exhaustion: olap (");

            h.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
            assertThat(tick()).as("step 3 is not due before 5 min").isZero();
            h.clock.advance(Duration.ofSeconds(1));
            assertThat(tick()).isEqualTo(1);
            assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1, EM, 1, CTO, 1));
            assertThat(subject(emailsTo(CTO).get(0))).startsWith("[PROD][CRITICAL][ESCALATED step 3, unacknowledged 5 min] ");
            assertThat(h.pager.accepted("trigger")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY, CTO_KEY);

            // step 4 (the CEO) at +10 min, then step 4 again every 5 min until acknowledged
            h.clock.advance(Duration.ofMinutes(5));
            assertThat(tick()).isEqualTo(1);
            h.clock.advance(Duration.ofMinutes(5));
            assertThat(tick()).isEqualTo(1);
            h.clock.advance(Duration.ofMinutes(5));
            assertThat(tick()).isEqualTo(1);
            assertThat(tick()).isZero();
            assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1, EM, 1, CTO, 1, CEO, 3));
            assertThat(emailsTo(CEO)).extracting(m -> subject(m).substring(0, subject(m).indexOf(']', 20) + 1)).containsExactly(
                    "[PROD][CRITICAL][ESCALATED step 4, unacknowledged 10 min]",
                    "[PROD][CRITICAL][ESCALATED step 4, unacknowledged 15 min]",
                    "[PROD][CRITICAL][ESCALATED step 4, unacknowledged 20 min]");
            assertThat(h.pager.accepted("trigger")).as("nobody after the CTO has a pager").hasSize(3);
        }

        assertThat(((Map<?, ?>) h.run("pool-usage", "olap").get("group")).get("firing")).isEqualTo(false);
        h.awaitDeliveriesDone();
        List<MimeMessage> resolves = distinct(h.emails("[RESOLVED]"));
        assertThat(resolves).hasSize(1);
        assertThat(recipients(resolves.get(0))).containsExactlyInAnyOrder(DBOPS, ONCALL, EM, CTO, CEO);
        assertThat(h.emails("[RESOLVED]")).as("one copy each").hasSize(5);
        String dedup = Fingerprint.group("pool-usage", "olap");
        assertThat(h.pager.accepted("resolve")).allSatisfy(e -> assertThat(e.get("dedup_key")).isEqualTo(dedup))
                .extracting(e -> e.get("routing_key")).containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY, CTO_KEY);
        h.clock.advance(Duration.ofMinutes(30));
        assertThat(tick()).as("a resolved group escalates no further").isZero();
        assertThat(h.pager.rejected()).isEmpty();
    }

    @Test
    void anAcknowledgementStopsTheEscalationAndTheResolveStillReachesEveryoneNotified() throws Exception {
        startWith(routes("ack"));
        long id;
        try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
            Map<String, Object> run = h.run("pool-usage", "olap");
            id = ((Number) RunAnswer.alerts(run, "opened").get(0).get("id")).longValue();
            h.awaitDeliveriesDone();
            assertThat(tick()).as("step 2 goes out before anyone acknowledges").isEqualTo(1);

            assertThat(h.post("/api/alerts/" + id + "/ack", "{\"comment\": \"on it", HubHarness.TOKEN).statusCode()).isEqualTo(400);
            var ack = h.post("/api/alerts/" + id + "/ack", "{\"comment\": \"on it\"}", HubHarness.TOKEN);
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(h.parse(ack.body())).containsEntry("acknowledged", true).containsEntry("already", false).containsEntry("by", "tests");
            assertThat(h.parse(h.post("/api/alerts/" + id + "/ack", "", HubHarness.TOKEN).body())).containsEntry("already", true);

            h.clock.advance(Duration.ofMinutes(30));
            assertThat(tick()).as("acknowledged: no step 3, no repeats").isZero();
            // each of the three notified got their alert and the "acknowledged by" reply, nothing more
            assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 2, ONCALL, 2, EM, 2));
        }
        h.run("pool-usage", "olap");
        h.awaitDeliveriesDone();
        assertThat(h.emails("[RESOLVED]")).as("one resolve copy to each of the three notified").hasSize(3);
        var alert = h.get("/api/alerts/" + id, HubHarness.TOKEN);
        assertThat(alert.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) h.parse(alert.body()).get("history");
        assertThat(history).extracting(e -> e.get("change")).containsExactly("fired", "acknowledged", "resolved");
        assertThat(history.get(1).get("detail")).isEqualTo("by tests: on it");
        assertThat(history.get(2).get("detail")).isEqualTo("back within bounds (usage_pct = 0.0)");
    }

    @Test
    void acknowledgingAResolvedOrUnknownAlertSaysWhy() throws Exception {
        startWith(routes("ack-errors"));
        long id;
        try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
            id = ((Number) RunAnswer.alerts(h.run("pool-usage", "olap"), "opened").get(0).get("id")).longValue();
        }
        h.run("pool-usage", "olap");
        var resolved = h.post("/api/alerts/" + id + "/ack", "", HubHarness.TOKEN);
        assertThat(resolved.statusCode()).isEqualTo(409);
        assertThat(h.parse(resolved.body()).get("error")).isEqualTo("alert " + id + " is resolved (back within bounds (usage_pct = 0.0)): nothing to acknowledge");
        var unknown = h.post("/api/alerts/nope/ack", "", HubHarness.TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(h.parse(unknown.body()).get("error")).isEqualTo("unknown alert 'nope'");
        assertThat(h.post("/api/alerts/" + id + "/ack", "", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aHighQueueBacklogEscalatesAtFifteenMinutesWithoutPaging() throws Exception {
        startWith(routes("high"));
        h.tiers.execute("queue", "DELETE FROM jobs");
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status) SELECT 'normal', 'pending' FROM generate_series(1, 150)");
        assertThat(((Map<?, ?>) h.run("queue-backlog", "queue").get("group")).get("severity")).isEqualTo("high");
        h.awaitDeliveriesDone();
        assertThat(tick()).isZero();
        h.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(tick()).isZero();
        assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1));
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(tick()).isEqualTo(1);
        assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1, EM, 1));
        assertThat(subject(emailsTo(EM).get(0))).startsWith("[PROD][HIGH][ESCALATED step 2, unacknowledged 15 min] Performance Degradation: queue (");
        assertThat(h.pager.accepted()).as("high is not paged").isEmpty();

        h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now()");
        h.run("queue-backlog", "queue");
        h.awaitDeliveriesDone();
        assertThat(recipients(distinct(h.emails("[RESOLVED]")).get(0))).containsExactlyInAnyOrder(DBOPS, ONCALL, EM);
        assertThat(h.emails("[RESOLVED]")).hasSize(3);
    }

    @Test
    void aLowAlertRaisedFridayEveningIsEmailedMondayAtNineAndNotBefore() throws Exception {
        RoutesCopy routes = routes("low").edit("checks.camel.yaml", "pending_jobs: high > 100, clear < 90", "pending_jobs: low > 100, clear < 90");
        startWith(routes);
        Instant friday18 = ZonedDateTime.of(2026, 11, 27, 18, 0, 0, 0, NEW_YORK).toInstant();
        Instant monday9 = ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, NEW_YORK).toInstant();
        assertThat(friday18.atZone(NEW_YORK).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        h.clock.advance(Duration.between(h.clock.instant(), friday18));

        h.tiers.execute("queue", "DELETE FROM jobs");
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status) SELECT 'normal', 'pending' FROM generate_series(1, 150)");
        assertThat(((Map<?, ?>) h.run("queue-backlog", "queue").get("group")).get("severity")).isEqualTo("low");
        h.awaitDeliveriesDone();
        assertThat(tick()).isZero();
        h.clock.advance(Duration.ofHours(3));
        assertThat(tick()).as("Friday night").isZero();
        h.clock.advance(Duration.between(h.clock.instant(), monday9.minusSeconds(60)));
        assertThat(tick()).as("Monday 08:59").isZero();
        assertThat(h.mail.getReceivedMessages()).as("nothing before Monday 09:00 New York").isEmpty();

        h.clock.advance(Duration.ofSeconds(60));
        assertThat(h.clock.instant().atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(tick()).isEqualTo(1);
        assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1));
        MimeMessage first = distinct(Arrays.asList(h.mail.getReceivedMessages())).get(0);
        assertThat(subject(first)).startsWith("[PROD][LOW] Performance Degradation: queue (").endsWith(") queue-backlog");
        assertThat(h.pager.accepted()).isEmpty();

        h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now()");
        h.run("queue-backlog", "queue");
        h.awaitDeliveriesDone();
        MimeMessage resolve = distinct(h.emails("[RESOLVED]")).get(0);
        assertThat(recipients(resolve)).containsExactlyInAnyOrder(DBOPS, ONCALL);
        assertThat(resolve.getHeader("In-Reply-To")[0]).as("the resolve answers Monday's email").isEqualTo(first.getMessageID());
    }

    @Test
    void deadlinesPassedWhileTheHubWasDownFireOnceEachInOrderMarkedLate() throws Exception {
        startWith(routes("restart"));
        try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
            h.run("pool-usage", "olap");
            assertThat(tick()).isEqualTo(1);
            h.stopHub();
            // step 3 was due at +5 min, step 4 at +10 min; the first repeat (+15 min) is not due yet
            h.clock.advance(Duration.ofMinutes(11));
            h.startHub();
            assertThat(tick()).isEqualTo(2);
            assertThat(tick()).isZero();
            List<String> escalated = distinct(h.emails("[ESCALATED")).stream().map(m -> subject(m)).toList();
            assertThat(escalated).hasSize(3);
            assertThat(escalated.get(0)).startsWith("[PROD][CRITICAL][ESCALATED step 2, unacknowledged 0 min] ");
            assertThat(escalated.get(1)).startsWith("[PROD][CRITICAL][ESCALATED step 3, unacknowledged 11 min, late 6 min] ");
            assertThat(escalated.get(2)).startsWith("[PROD][CRITICAL][ESCALATED step 4, unacknowledged 11 min, late 1 min] ");
            assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 1, ONCALL, 1, EM, 1, CTO, 1, CEO, 1));
            assertThat(h.pager.accepted("trigger")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY, CTO_KEY);
            h.clock.advance(Duration.ofMinutes(4));
            assertThat(tick()).as("the first repeat, on time").isEqualTo(1);
            assertThat(subject(emailsTo(CEO).get(1))).startsWith("[PROD][CRITICAL][ESCALATED step 4, unacknowledged 15 min] ");
        }
    }

    @Test
    void aSeverityRiseContinuesAtTheNewPaceFromTheChangeAndAFallNeverSlowsItDown() throws Exception {
        startWith(routes("rise"));
        h.tiers.execute("queue", "DELETE FROM jobs");
        h.tiers.execute("queue", "INSERT INTO jobs (priority, status, created) VALUES ('normal', 'pending', now() - interval '700 seconds')");
        assertThat(((Map<?, ?>) h.run("queue-oldest-pending", "queue").get("group")).get("severity")).isEqualTo("medium");
        h.awaitDeliveriesDone();

        // medium would reach step 2 after 1 h; it turns high after 10 min: step 2 is 15 min after the change
        h.clock.advance(Duration.ofMinutes(10));
        h.tiers.execute("queue", "UPDATE jobs SET created = now() - interval '2000 seconds'");
        assertThat(((Map<?, ?>) h.run("queue-oldest-pending", "queue").get("group")).get("severity")).isEqualTo("high");
        h.awaitDeliveriesDone();
        assertThat(tick()).as("step 1 heard the rise as an update").isZero();
        assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 2, ONCALL, 2));
        h.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(tick()).isZero();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(tick()).isEqualTo(1);
        assertThat(subject(emailsTo(EM).get(0))).startsWith("[PROD][HIGH][ESCALATED step 2, unacknowledged 25 min] ");

        // back to medium: step 1 hears the update, and step 3 still comes 30 min after step 2 (high's pace), not 4 h
        h.clock.advance(Duration.ofMinutes(1));
        h.tiers.execute("queue", "UPDATE jobs SET created = now() - interval '700 seconds'");
        assertThat(((Map<?, ?>) h.run("queue-oldest-pending", "queue").get("group")).get("severity")).isEqualTo("medium");
        h.awaitDeliveriesDone();
        h.clock.advance(Duration.ofMinutes(29).minusSeconds(1));
        assertThat(tick()).isZero();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(tick()).isEqualTo(1);
        assertThat(subject(emailsTo(CTO).get(0))).startsWith("[PROD][HIGH][ESCALATED step 3, unacknowledged 55 min] ");
        assertThat(perRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(DBOPS, 3, ONCALL, 3, EM, 1, CTO, 1));
        assertThat(h.pager.accepted()).isEmpty();
    }

    /** Distinct emails (one per Message-ID) addressed to each recipient. */
    private Map<String, Integer> perRecipient() throws MessagingException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MimeMessage m : distinct(Arrays.asList(h.mail.getReceivedMessages()))) {
            for (String to : recipients(m)) counts.merge(to, 1, Integer::sum);
        }
        int copies = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(h.mail.getReceivedMessages()).as("one copy per recipient").hasSize(copies);
        return counts;
    }

    private List<MimeMessage> emailsTo(String address) {
        return distinct(Arrays.asList(h.mail.getReceivedMessages())).stream().filter(m -> {
            try {
                return recipients(m).contains(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<String> recipients(MimeMessage m) throws MessagingException {
        return Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
    }
}
