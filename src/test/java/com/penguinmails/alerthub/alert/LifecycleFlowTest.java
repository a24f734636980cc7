package com.penguinmails.alerthub.alert;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.RunAnswer;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle on a real hub: a {@code for} needs its duration and its runs (a misfire burst is not enough), a failing
 * check is its own state with history, and a flapping alert sends one notice when it starts and one when it stops, with
 * no pages in between; under a silence those notices are recorded and held, and its end tells what changed, once. Each check reads the queue tier's highest job {@code attempts}, which the test sets; time is the
 * harness's TestClock, advanced by the test.
 */
class LifecycleFlowTest {

    private static final String TIER = "queue";
    private static final String HELD = "held-attempts";
    private static final String FAILING = "failing-attempts";
    private static final String FLAPPY = "flappy-attempts";
    private static final String SETTLES = "settling-attempts";
    // flapping under a silence: each silenced check has a twin that is not
    private static final String LOUD_FLAPPY = "loud-flappy-attempts";
    private static final String MUTED_FLAPPY = "muted-flappy-attempts";
    private static final String LOUD_SETTLES = "loud-settling-attempts";
    private static final String MUTED_SETTLES = "muted-settling-attempts";
    private static final String LOUD_PENDING = "loud-pending-attempts";
    private static final String MUTED_PENDING = "muted-pending-attempts";

    private static final String CHECKS = check(HELD, "attempts: critical > 5, for 5m") + check(FAILING, "attempts: critical > 5")
            + check(FLAPPY, "attempts: critical > 5") + check(SETTLES, "attempts: critical > 5")
            + check(LOUD_FLAPPY, "attempts: critical > 5") + check(MUTED_FLAPPY, "attempts: critical > 5")
            + check(LOUD_SETTLES, "attempts: critical > 5") + check(MUTED_SETTLES, "attempts: critical > 5")
            + check(LOUD_PENDING, "attempts: critical > 5, for 5m") + check(MUTED_PENDING, "attempts: critical > 5, for 5m");

    private static String check(String name, String thresholds) {
        return """
                - templatedRoute:
                    routeTemplateRef: health-check
                    routeId: check-%s
                    parameters:
                      - name: check
                        value: %s
                      - name: tiers
                        value: queue
                      - name: incident
                        value: performance-degradation
                      - name: thresholds
                        value: "%s"
                      - name: schedule
                        value: 1m
                      - name: sql
                        value: SELECT coalesce(max(attempts), 0) AS attempts FROM jobs
                """.formatted(name, name, thresholds);
    }

    @TempDir
    static Path tmp;
    @AutoClose
    private static HubHarness h;
    private static Received received;

    @BeforeAll
    static void start() throws Exception {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").write("lifecycle.camel.yaml", CHECKS);
        h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString()));
        received = new Received(h);
    }

    @BeforeEach
    void healthy() throws Exception {
        attempts(0);
    }

    // ---- for: a duration and a number of runs ------------------------------------------------------------------

    @Test
    void aForOfFiveMinutesIsNotMetByAMisfireBurstButByRunsSpreadOverFiveMinutes() throws Exception {
        attempts(9);
        Map<String, Object> first = h.run(HELD, TIER);
        assertThat(RunAnswer.alerts(first, "opened")).singleElement().satisfies(a -> assertThat(a.get("state")).isEqualTo("pending"));
        long id = ((Number) RunAnswer.alerts(first, "opened").get(0).get("id")).longValue();
        for (int i = 0; i < 3; i++) assertPending(h.run(HELD, TIER), "run 1 of 5, 0s of 300s");

        // a pause, then a burst of runs within seconds: the duration has passed, but it is one observation more
        h.clock.advance(Duration.ofMinutes(5));
        assertPending(h.run(HELD, TIER), "run 2 of 5, 300s of 300s");
        for (int i = 0; i < 4; i++) {
            h.clock.advance(Duration.ofSeconds(1));
            assertPending(h.run(HELD, TIER), "run 2 of 5, " + (301 + i) + "s of 300s");
        }
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(HELD, TIER)).as("pending is soft: nobody is told").isEmpty();
        assertThat(received.pager(HELD, TIER, "trigger")).isEmpty();

        // a healthy run drops the pending alert; a new breach starts over and runs a minute apart fire it at 5 min
        attempts(0);
        assertThat(RunAnswer.alerts(h.run(HELD, TIER), "resolved")).singleElement().satisfies(a -> assertThat(a.get("change")).isEqualTo("dropped"));
        attempts(9);
        h.clock.advance(Duration.ofMinutes(1));
        h.run(HELD, TIER);
        for (int minute = 1; minute <= 4; minute++) {
            h.clock.advance(Duration.ofMinutes(1));
            assertPending(h.run(HELD, TIER), "run " + (minute + 1) + " of 5, " + minute * 60 + "s of 300s");
        }
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(HELD, TIER)).as("five runs, four minutes: not yet").isEmpty();
        h.clock.advance(Duration.ofMinutes(1));
        Map<String, Object> fired = h.run(HELD, TIER);
        assertThat(RunAnswer.alerts(fired, "opened")).singleElement().satisfies(a -> {
            assertThat(a.get("change")).isEqualTo("fired");
            assertThat(a.get("detail")).isEqualTo("attempts = 9 (critical > 5), held 300s over 6 runs");
        });
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(HELD, TIER)).hasSize(1);
        assertThat(received.pager(HELD, TIER, "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);

        long firedId = ((Number) RunAnswer.alerts(fired, "opened").get(0).get("id")).longValue();
        assertThat(history(firedId)).extracting(e -> e.get("change"))
                .containsExactly("pending", "updated", "updated", "updated", "updated", "fired");
        assertThat(history(firedId)).allSatisfy(e -> assertThat(e.get("actor")).isEqualTo("hub"));
        assertThat(history(id)).extracting(e -> e.get("change")).last().isEqualTo("dropped");
        resolve(HELD);
    }

    // ---- check failed ------------------------------------------------------------------------------------------

    @Test
    void aFailingCheckIsItsOwnStateVisibleInTheApiAndHealthAndRecordedWhenItStartsAndEnds() throws Exception {
        attempts(9);
        long id = ((Number) RunAnswer.alerts(h.run(FAILING, TIER), "opened").get(0).get("id")).longValue();
        h.clock.advance(Duration.ofMinutes(1));
        String since = h.clock.instant().toString();
        h.tiers.execute(TIER, "REVOKE SELECT ON jobs FROM alerthub_monitor");
        try {
            Map<String, Object> failed = h.run(FAILING, TIER);
            assertThat(failed.get("status")).isEqualTo("failed");
            assertThat(((Map<?, ?>) failed.get("group")).get("checkFailedSince")).isEqualTo(since);
            h.clock.advance(Duration.ofMinutes(1));
            assertThat(h.run(FAILING, TIER).get("status")).isEqualTo("failed");
        } finally {
            h.tiers.execute(TIER, "GRANT SELECT ON jobs TO alerthub_monitor");
        }
        Map<String, Object> failedState = Map.of("check", FAILING, "tier", TIER, "state", "check_failed",
                "lastRunAt", h.clock.instant().toString(), "error", "ERROR: permission denied for table jobs", "since", since);
        assertThat(alertsAnswer()).filteredOn(a -> FAILING.equals(a.get("check"))).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("id", (int) id).containsEntry("state", "firing").containsEntry("checkState", "check_failed")
                .containsEntry("checkError", "ERROR: permission denied for table jobs").containsEntry("checkFailedSince", since));
        assertThat(checkState(FAILING)).isEqualTo(failedState);
        assertThat(listOf(h.health().get("checkFailed"))).contains(failedState);

        h.clock.advance(Duration.ofMinutes(1));
        assertThat(h.run(FAILING, TIER).get("status")).isEqualTo("ok");
        assertThat(alertsAnswer()).filteredOn(a -> FAILING.equals(a.get("check"))).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("checkState", "ok").doesNotContainKey("checkError"));
        assertThat(checkState(FAILING)).containsEntry("state", "ok").doesNotContainKey("error");
        assertThat(listOf(h.health().get("checkFailed"))).noneSatisfy(s -> assertThat(s.get("check")).isEqualTo(FAILING));

        List<Map<String, Object>> history = history(id);
        assertThat(history).extracting(e -> e.get("change")).containsExactly("fired", "check_failed", "check_recovered", "updated");
        assertThat(history.get(1)).containsEntry("at", since).containsEntry("actor", "hub")
                .containsEntry("detail", "ERROR: permission denied for table jobs");
        assertThat(history.get(2).get("detail")).isEqualTo("the check runs again (failed since " + since
                + ": ERROR: permission denied for table jobs)");

        // a failing check neither fires nor resolves: one trigger, nothing else, until a healthy run resolves
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(FAILING, TIER)).hasSize(1);
        assertThat(received.resolveEmails(FAILING, TIER)).isEmpty();
        resolve(FAILING);
        assertThat(received.resolveEmails(FAILING, TIER)).hasSize(1);
    }

    // ---- flapping ----------------------------------------------------------------------------------------------

    @Test
    void anAlertAlternatingEveryRunFlapsAtItsNinthResultWithOneNoticeAndNoPagesThenStopsOnceItHeld() throws Exception {
        // runs 1-8 alternate breach/ok: 4 triggers and 4 resolves; run 9 (breach) reaches 50.2 %: flapping
        for (int run = 1; run <= 8; run++) flip(run, FLAPPY);
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(FLAPPY, TIER)).hasSize(4);
        assertThat(received.resolveEmails(FLAPPY, TIER)).hasSize(4);
        assertThat(received.pager(FLAPPY, TIER, "trigger")).hasSize(8);
        assertThat(received.pager(FLAPPY, TIER, "resolve")).hasSize(8);
        assertThat(flapping()).isEmpty();

        assertThat(RunAnswer.alerts(flip(9, FLAPPY), "flapping")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("change", "flapping_started").containsEntry("detail", "flapping: 50% state change"));
        h.awaitDeliveriesDone();
        assertThat(emails("[FLAPPING]")).singleElement().satisfies(m -> assertThat(subject(m))
                .startsWith("[PROD][CRITICAL][FLAPPING] Performance Degradation: queue ("));
        assertThat(text(emails("[FLAPPING]").get(0))).contains("What: flapping: 50% state change, now flapping; attempts = 9 (critical > 5)");
        assertThat(webhooks("flapping_started")).singleElement().satisfies(w -> assertThat(w.get("status")).isEqualTo("flapping"));
        assertThat(posthog(FLAPPY, "db_alert_flapping_started")).singleElement().satisfies(e -> assertThat(e.get("detail"))
                .isEqualTo("flapping: 50% state change"));
        assertThat(flapping()).singleElement().satisfies(a -> assertThat(a.get("check")).isEqualTo(FLAPPY));

        // runs 10 and 11 still alternate, then it holds in breach: nothing is sent until run 26 drops below 25 %
        flip(10, FLAPPY);
        long firedAt11 = ((Number) RunAnswer.alerts(flip(11, FLAPPY), "opened").get(0).get("id")).longValue();
        for (int run = 12; run <= 25; run++) flip(-run, FLAPPY);
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(FLAPPY, TIER)).as("no trigger while flapping").hasSize(4);
        assertThat(received.resolveEmails(FLAPPY, TIER)).hasSize(4);
        assertThat(received.pager(FLAPPY, TIER, "trigger")).as("no page while flapping").hasSize(8);
        assertThat(received.pager(FLAPPY, TIER, "resolve")).hasSize(8);
        assertThat(emails("[FLAPPING")).hasSize(1);

        flip(-26, FLAPPY);
        h.awaitDeliveriesDone();
        assertThat(emails("[FLAPPING STOPPED]")).singleElement();
        assertThat(text(emails("[FLAPPING STOPPED]").get(0))).contains("What: flapping stopped: 21% state change, now firing; attempts = 9");
        assertThat(posthog(FLAPPY, "db_alert_flapping_stopped")).hasSize(1);
        assertThat(received.triggerEmails(FLAPPY, TIER)).as("it still fires: the trigger held back goes out").hasSize(5);
        assertThat(received.pager(FLAPPY, TIER, "trigger")).hasSize(10);
        assertThat(webhooks("flapping_started")).hasSize(1);
        assertThat(webhooks("flapping_stopped")).singleElement().satisfies(w -> assertThat(w.get("status")).isEqualTo("firing"));
        assertThat(flapping()).isEmpty();

        resolve(FLAPPY);
        assertThat(received.resolveEmails(FLAPPY, TIER)).hasSize(5);
        assertThat(received.pager(FLAPPY, TIER, "resolve")).hasSize(10);
        assertThat(emails("[FLAPPING")).as("one notice each way").hasSize(2);
        // fired at run 11, updated by runs 12-26, flapping stopped at run 26, resolved
        List<Object> expected = new ArrayList<>(List.of("fired"));
        expected.addAll(Collections.nCopies(15, "updated"));
        expected.addAll(List.of("flapping_stopped", "resolved"));
        assertThat(history(firedAt11)).extracting(e -> e.get("change")).as("tracked and recorded while flapping").containsExactlyElementsOf(expected);
    }

    @Test
    void anAlertThatStartsFlappingWhileItsGroupFiresKeepsTheIncidentOpenAndResolvesItWhenTheFlappingStopsInOk() throws Exception {
        // breach, ok, breach, breach, then alternating: run 11 (ok) reaches 54.9 % while run 10's trigger is open
        String results = "BOBBOBOBOBO";
        for (int run = 1; run <= 10; run++) settle(results.charAt(run - 1));
        h.awaitDeliveriesDone();
        assertThat(received.triggerEmails(SETTLES, TIER)).hasSize(5);
        assertThat(received.resolveEmails(SETTLES, TIER)).hasSize(4);
        assertThat(received.pager(SETTLES, TIER, "resolve")).hasSize(8);

        Map<String, Object> started = settle('O');
        assertThat(RunAnswer.alerts(started, "resolved")).as("the alert itself resolves, recorded").hasSize(1);
        assertThat(((Map<?, ?>) started.get("group")).get("firing")).as("the group stays firing: no resolve page").isEqualTo(true);
        h.awaitDeliveriesDone();
        assertThat(emails(SETTLES, "[FLAPPING]")).singleElement();
        assertThat(text(emails(SETTLES, "[FLAPPING]").get(0))).contains("What: flapping: 55% state change, now flapping; attempts = 0");

        // escalation pauses too: critical's step 2 is due at once since run 10's trigger, and nothing goes out
        assertThat(h.hub().camel().createProducerTemplate().requestBody("direct:escalate", null, Integer.class)).isZero();
        h.awaitDeliveriesDone();
        assertThat(webhooks(SETTLES, "escalate")).isEmpty();
        assertThat(webhooks(SETTLES, "flapping_started")).hasSize(1);

        // it stays ok: below 25 % at run 26, the stop notice, then the resolve the flapping held back
        for (int run = 12; run <= 25; run++) settle('O');
        h.awaitDeliveriesDone();
        assertThat(received.resolveEmails(SETTLES, TIER)).hasSize(4);
        assertThat(received.pager(SETTLES, TIER, "resolve")).hasSize(8);
        Map<String, Object> stopped = settle('O');
        assertThat(((Map<?, ?>) stopped.get("group")).get("firing")).isEqualTo(false);
        h.awaitDeliveriesDone();
        assertThat(emails(SETTLES, "[FLAPPING STOPPED]")).singleElement();
        List<MimeMessage> resolves = received.resolveEmails(SETTLES, TIER);
        assertThat(resolves).hasSize(5);
        assertThat(text(resolves.get(4))).contains("RESOLVED: flapping stopped: 21% state change");
        assertThat(received.pager(SETTLES, TIER, "resolve")).as("the incident kept open is resolved now").hasSize(10);
        assertThat(received.pager(SETTLES, TIER, "trigger")).hasSize(10);
        assertThat(emails(SETTLES, "[FLAPPING")).hasSize(2);
    }

    // ---- flapping under a silence ------------------------------------------------------------------------------

    @Test
    void aSilencedGroupsFlappingNoticeIsRecordedNotSentAndTheSilencesEndTellsItOnceWithoutAPage() throws Exception {
        int silence = silence(MUTED_FLAPPY, "flappy maintenance");
        String why = "silenced by silence #" + silence + " (tests: flappy maintenance)";
        for (int run = 1; run <= 8; run++) flip(run, LOUD_FLAPPY, MUTED_FLAPPY);
        Map<String, Object> ninth = flip(9, LOUD_FLAPPY, MUTED_FLAPPY);
        long id = ((Number) RunAnswer.alerts(ninth, "flapping").get(0).get("id")).longValue();
        h.awaitDeliveriesDone();
        // the twin: four triggers and resolves, then one flapping notice; the silenced group: nothing on any channel
        assertThat(received.pager(LOUD_FLAPPY, TIER, "trigger")).hasSize(8);
        assertThat(emails(LOUD_FLAPPY, "[FLAPPING]")).hasSize(1);
        assertThat(webhooks(LOUD_FLAPPY, "flapping_started")).hasSize(1);
        assertThat(posthog(LOUD_FLAPPY, "db_alert_flapping_started")).hasSize(1);
        assertThat(received.pager(MUTED_FLAPPY, TIER, "trigger")).isEmpty();
        assertThat(received.copies(MUTED_FLAPPY, TIER)).isEmpty();
        assertThat(webhooks(MUTED_FLAPPY, "flapping_started")).isEmpty();
        assertThat(posthog(MUTED_FLAPPY, "db_alert_flapping_started")).isEmpty();
        assertThat(history(id)).extracting(e -> e.get("change"), e -> e.get("detail")).endsWith(
                tuple("flapping_started", "flapping: 50% state change"),
                tuple("muted", why));

        // the silence ends while it still flaps: one flapping notice, no trigger, no page
        flip(10, LOUD_FLAPPY, MUTED_FLAPPY);
        assertThat(h.delete("/api/silences/" + silence, HubHarness.TOKEN).statusCode()).isEqualTo(200);
        assertThat(h.escalate()).isEqualTo(1);
        assertThat(emails(MUTED_FLAPPY, "[FLAPPING]")).singleElement().satisfies(m -> assertThat(text(m))
                .contains("What: flapping: 55% state change, now flapping; attempts = 0 (critical > 5)"));
        assertThat(webhooks(MUTED_FLAPPY, "flapping_started")).hasSize(1);
        assertThat(posthog(MUTED_FLAPPY, "db_alert_flapping_started")).hasSize(1);
        assertThat(received.triggerEmails(MUTED_FLAPPY, TIER)).isEmpty();
        assertThat(received.pager(MUTED_FLAPPY, TIER, "trigger")).isEmpty();
        assertThat(history(id)).extracting(e -> e.get("change"), e -> e.get("detail")).last()
                .isEqualTo(tuple("unmuted", "no longer " + why + ": the flapping notice goes out now"));
        assertThat(h.escalate()).as("once").isZero();

        // from then on it is like its twin: it stops at run 26 still breaching, one stop notice, then the trigger
        flip(11, LOUD_FLAPPY, MUTED_FLAPPY);
        for (int run = 12; run <= 26; run++) flip(-run, LOUD_FLAPPY, MUTED_FLAPPY);
        h.awaitDeliveriesDone();
        for (String check : List.of(LOUD_FLAPPY, MUTED_FLAPPY)) {
            assertThat(emails(check, "[FLAPPING STOPPED]")).as(check).hasSize(1);
            assertThat(emails(check, "[FLAPPING")).as(check + ": one notice each way").hasSize(2);
        }
        assertThat(received.triggerEmails(LOUD_FLAPPY, TIER)).hasSize(5);
        assertThat(received.triggerEmails(MUTED_FLAPPY, TIER)).hasSize(1);
        assertThat(received.pager(MUTED_FLAPPY, TIER, "trigger")).hasSize(2);
        resolve(LOUD_FLAPPY);
        resolve(MUTED_FLAPPY);
    }

    @Test
    void flappingThatStartsAndStopsUnderASilenceSendsNoFlappingNoticeAndTheSilencesEndSendsTheHeldTrigger() throws Exception {
        int silence = silence(MUTED_SETTLES, "settling maintenance");
        for (int run = 1; run <= 11; run++) flip(run, LOUD_SETTLES, MUTED_SETTLES);
        for (int run = 12; run <= 25; run++) flip(-run, LOUD_SETTLES, MUTED_SETTLES);
        Map<String, Object> stopped = flip(-26, LOUD_SETTLES, MUTED_SETTLES);
        long id = ((Number) RunAnswer.alerts(stopped, "flapping").get(0).get("id")).longValue();
        h.awaitDeliveriesDone();
        // the twin heard it start and stop, and got the trigger; the silenced group heard nothing
        assertThat(emails(LOUD_SETTLES, "[FLAPPING]")).hasSize(1);
        assertThat(emails(LOUD_SETTLES, "[FLAPPING STOPPED]")).hasSize(1);
        assertThat(webhooks(LOUD_SETTLES, "flapping_stopped")).hasSize(1);
        assertThat(posthog(LOUD_SETTLES, "db_alert_flapping_stopped")).hasSize(1);
        assertThat(received.triggerEmails(LOUD_SETTLES, TIER)).hasSize(5);
        assertThat(received.copies(MUTED_SETTLES, TIER)).isEmpty();
        assertThat(webhooks(MUTED_SETTLES, "flapping_stopped")).isEmpty();
        assertThat(posthog(MUTED_SETTLES, "db_alert_flapping_stopped")).isEmpty();
        assertThat(received.pager(MUTED_SETTLES, TIER, "trigger")).isEmpty();
        assertThat(history(id)).extracting(e -> e.get("change"), e -> e.get("detail")).endsWith(
                tuple("flapping_stopped", "flapping stopped: 21% state change"),
                tuple("muted", "silenced by silence #" + silence + " (tests: settling maintenance)"));
        assertThat(h.escalate()).as("the twin's step 2 (critical: at once); the silenced group waits").isEqualTo(1);
        assertThat(webhooks(LOUD_SETTLES, "escalate")).hasSize(1);

        // the silence ends: the start and the stop cancelled out, so only the held trigger goes out, and step 2 with it
        assertThat(h.delete("/api/silences/" + silence, HubHarness.TOKEN).statusCode()).isEqualTo(200);
        assertThat(h.escalate()).isEqualTo(2);
        assertThat(received.triggerEmails(MUTED_SETTLES, TIER)).hasSize(1);
        assertThat(received.pager(MUTED_SETTLES, TIER, "trigger")).hasSize(2);
        assertThat(webhooks(MUTED_SETTLES, "escalate")).hasSize(1);
        assertThat(emails(MUTED_SETTLES, "[FLAPPING")).isEmpty();
        assertThat(webhooks(MUTED_SETTLES, "flapping_started")).isEmpty();
        assertThat(webhooks(MUTED_SETTLES, "flapping_stopped")).isEmpty();
        assertThat(webhooks(LOUD_SETTLES, "flapping_started")).hasSize(1);
        resolve(LOUD_SETTLES);
        resolve(MUTED_SETTLES);
    }

    @Test
    void aGroupThatNeverFiredIsMatchedByItsFlappingAlertsIncidentAndSeverity() throws Exception {
        // pending and dropped in turn (for 5m): flapping at run 9, and the group never fired, so it has no labels of its own
        var r = h.post("/api/silences", "{\"matchers\": [\"check=" + MUTED_PENDING + "\", \"incident=performance-degradation\","
                + " \"severity=critical\"], \"endsAt\": \"" + h.clock.instant().plus(Duration.ofHours(1)) + "\", \"comment\": \"labels\"}",
                HubHarness.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        for (int run = 1; run <= 9; run++) flip(run, LOUD_PENDING, MUTED_PENDING);
        h.awaitDeliveriesDone();
        assertThat(emails(LOUD_PENDING, "[FLAPPING]")).hasSize(1);
        assertThat(received.triggerEmails(LOUD_PENDING, TIER)).as("pending: never fired").isEmpty();
        assertThat(received.copies(MUTED_PENDING, TIER)).isEmpty();
        assertThat(webhooks(LOUD_PENDING, "flapping_started")).hasSize(1);
        assertThat(webhooks(MUTED_PENDING, "flapping_started")).isEmpty();
        attempts(0);
        h.clock.advance(Duration.ofMinutes(1));
        h.run(LOUD_PENDING, TIER);
        h.run(MUTED_PENDING, TIER);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /**
     * Run number {@code run} of the flapping scenario, a minute after the last, of each check: odd breaches, even is
     * healthy; negative: a breach either way. Answers the last check's run.
     */
    private static Map<String, Object> flip(int run, String... checks) throws Exception {
        attempts(run < 0 || run % 2 == 1 ? 9 : 0);
        h.clock.advance(Duration.ofMinutes(1));
        Map<String, Object> last = null;
        for (String check : checks) last = h.run(check, TIER);
        return last;
    }

    /** A silence of one check for an hour: its id. */
    private static int silence(String check, String comment) throws Exception {
        var r = h.post("/api/silences", "{\"matchers\": [\"check=" + check + "\"], \"endsAt\": \"" + h.clock.instant().plus(Duration.ofHours(1))
                + "\", \"comment\": \"" + comment + "\"}", HubHarness.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ((Number) h.parse(r.body()).get("id")).intValue();
    }

    private static void attempts(int n) throws Exception {
        h.tiers.execute(TIER, "UPDATE jobs SET attempts = " + n);
    }

    private static void assertPending(Map<String, Object> run, String progress) {
        assertThat(RunAnswer.alerts(run, "updated")).singleElement().satisfies(a -> {
            assertThat(a.get("state")).isEqualTo("pending");
            assertThat(a.get("detail")).isEqualTo("pending: attempts = 9 (critical > 5), " + progress);
        });
        assertThat(((Map<?, ?>) run.get("group")).get("firing")).isEqualTo(false);
    }

    private static void resolve(String check) throws Exception {
        attempts(0);
        h.clock.advance(Duration.ofMinutes(1));
        assertThat(((Map<?, ?>) h.run(check, TIER).get("group")).get("firing")).isEqualTo(false);
        h.awaitDeliveriesDone();
    }

    private static List<MimeMessage> emails(String tag) {
        return emails(FLAPPY, tag);
    }

    private static List<MimeMessage> emails(String check, String tag) {
        return distinct(received.copies(check, TIER).stream().filter(m -> subject(m).contains(tag)).toList());
    }

    private static Map<String, Object> settle(char result) throws Exception {
        attempts(result == 'B' ? 9 : 0);
        h.clock.advance(Duration.ofMinutes(1));
        return h.run(SETTLES, TIER);
    }

    private static String text(MimeMessage m) throws Exception {
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) m.getContent();
        return parts.getBodyPart(0).getContent().toString();
    }

    private static List<Map<String, Object>> webhooks(String notice) {
        return webhooks(FLAPPY, notice);
    }

    private static List<Map<String, Object>> webhooks(String check, String notice) {
        return h.webhook.received().stream().map(r -> r.body())
                .filter(b -> check.equals(b.get("check")) && notice.equals(b.get("notice"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> posthog(String check, String event) {
        return h.posthog.events(event).stream().map(e -> (Map<String, Object>) e.get("properties"))
                .filter(p -> check.equals(p.get("check"))).toList();
    }

    private static List<Map<String, Object>> alertsAnswer() throws Exception {
        var r = h.get("/api/alerts", HubHarness.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return listOf(new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), List.class));
    }

    private static List<Map<String, Object>> flapping() throws Exception {
        return alertsAnswer().stream().filter(a -> Boolean.TRUE.equals(a.get("flapping"))).toList();
    }

    private static Map<String, Object> checkState(String check) throws Exception {
        var r = h.get("/api/checks", HubHarness.TOKEN);
        List<Map<String, Object>> checks = listOf(new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), List.class));
        Map<String, Object> c = checks.stream().filter(m -> check.equals(m.get("name"))).findFirst().orElseThrow();
        return listOf(c.get("state")).get(0);
    }

    private static List<Map<String, Object>> history(long id) throws Exception {
        var r = h.get("/api/alerts/" + id, HubHarness.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return listOf(h.parse(r.body()).get("history"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
