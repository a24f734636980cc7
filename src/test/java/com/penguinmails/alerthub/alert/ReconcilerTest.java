package com.penguinmails.alerthub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.check.EvaluatedRow;
import com.penguinmails.alerthub.check.Schedule;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.store.Outbox;
import com.penguinmails.alerthub.store.StateStore;
import com.penguinmails.alerthub.testkit.TestClock;
import com.penguinmails.alerthub.threshold.Severity;
import com.penguinmails.alerthub.threshold.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alert model, run by run, on a real (embedded H2) store and a clock the test moves; and what commits with it. */
class ReconcilerTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T09:00:00Z"));
    private StateStore stateStore;
    private AlertStore store;
    private Reconciler reconciler;

    @BeforeEach
    void store() {
        stateStore = new StateStore("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        store = new AlertStore(stateStore.dataSource());
        reconciler = new Reconciler(store, clock, 3, new Flapping(true, 50, 25));
    }

    @AfterEach
    void close() {
        stateStore.close();
    }

    private static final CheckDefinition POOL = check("pool-usage", "usage_pct: critical > 90, high > 80, clear < 75", List.of());
    private static final CheckDefinition QUERIES = check("long-queries", "duration_s: medium > 5", List.of("pid"));

    @Test
    void aBreachFiresOnceStaysQuietWhileUnchangedAndResolvesInsideTheClearBound() {
        assertThat(run(POOL, row("usage_pct", 85)).notice()).isEqualTo(Evaluation.Notice.TRIGGER);
        assertThat(run(POOL, row("usage_pct", 86)).notice()).isEqualTo(Evaluation.Notice.NONE);
        Evaluation band = run(POOL, row("usage_pct", 78));
        assertThat(band.notice()).as("between the bound and the clear bound: still open").isEqualTo(Evaluation.Notice.NONE);
        assertThat(band.after().firing()).isTrue();
        Evaluation clear = run(POOL, row("usage_pct", 70));
        assertThat(clear.notice()).isEqualTo(Evaluation.Notice.RESOLVE);
        assertThat(clear.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(AlertChange.Kind.RESOLVED);
            assertThat(c.detail()).isEqualTo("back within bounds (usage_pct = 70)");
            assertThat(c.alert().lastValue()).isEqualTo("70");
        });
    }

    @Test
    void aSeverityRiseNotifiesAtOnceAndAFallSendsAnUpdate() {
        run(POOL, row("usage_pct", 85));
        Evaluation rise = run(POOL, row("usage_pct", 95));
        assertThat(rise.notice()).isEqualTo(Evaluation.Notice.UPDATE);
        assertThat(rise.changes()).extracting(AlertChange::kind).containsExactly(AlertChange.Kind.RAISED);
        assertThat(rise.after().severity()).isEqualTo(Severity.CRITICAL);
        Evaluation fall = run(POOL, row("usage_pct", 84));
        assertThat(fall.notice()).isEqualTo(Evaluation.Notice.UPDATE);
        assertThat(fall.changes()).extracting(AlertChange::kind).containsExactly(AlertChange.Kind.LOWERED);
        assertThat(fall.after().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aForDurationKeepsTheAlertPendingUntilTheBreachHeldThatLong() {
        CheckDefinition held = check("pool-usage", "usage_pct: high > 80, for 2m", List.of());
        assertThat(run(held, row("usage_pct", 85)).notice()).isEqualTo(Evaluation.Notice.NONE);
        clock.advance(Duration.ofSeconds(119));
        Evaluation early = run(held, row("usage_pct", 85));
        assertThat(early.notice()).isEqualTo(Evaluation.Notice.NONE);
        assertThat(store.openAlerts("pool-usage", "oltp")).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
        clock.advance(Duration.ofSeconds(1));
        assertThat(run(held, row("usage_pct", 85)).notice()).isEqualTo(Evaluation.Notice.TRIGGER);
    }

    @Test
    void aPendingBreachThatStopsBeforeItsForIsDroppedWithoutAWord() {
        CheckDefinition held = check("pool-usage", "usage_pct: high > 80, for 2m", List.of());
        run(held, row("usage_pct", 85));
        clock.advance(Duration.ofMinutes(1));
        Evaluation gone = run(held, row("usage_pct", 50));
        assertThat(gone.notice()).isEqualTo(Evaluation.Notice.NONE);
        assertThat(gone.changes()).extracting(AlertChange::kind).containsExactly(AlertChange.Kind.DROPPED);
        assertThat(store.openAlerts("pool-usage", "oltp")).isEmpty();
    }

    @Test
    void eachKeyedRowIsItsOwnAlertInOneGroup() {
        Evaluation both = run(QUERIES, keyed(1, 7), keyed(2, 9));
        assertThat(both.notice()).isEqualTo(Evaluation.Notice.TRIGGER);
        assertThat(both.firing()).extracting(Alert::key).containsExactly("pid=2", "pid=1");
        Evaluation one = run(QUERIES, keyed(2, 12));
        assertThat(one.notice()).isEqualTo(Evaluation.Notice.UPDATE);
        assertThat(one.changes(AlertChange.Kind.RESOLVED)).singleElement()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("no longer returned"));
        assertThat(run(QUERIES).notice()).isEqualTo(Evaluation.Notice.RESOLVE);
    }

    @Test
    void moreOffendingRowsThanTheLimitAreOneTooManyRowsAlert() {
        Evaluation many = run(QUERIES, keyed(1, 6), keyed(2, 7), keyed(3, 8), keyed(4, 9), keyed(5, 10));
        assertThat(many.firing()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(Reconciler.TOO_MANY_KEY);
            assertThat(a.rowJson()).contains("\"offending_rows\":5");
        });
    }

    @Test
    void aFailedRunChangesNoAlertAndPutsTheGroupInCheckFailedUntilARunSucceeds() {
        run(POOL, row("usage_pct", 95));
        Instant failedAt = clock.instant().plusSeconds(60);
        clock.advance(Duration.ofSeconds(60));
        Evaluation e = reconciler.reconcile(failed("canceling statement due to statement timeout"));
        assertThat(e.notice()).isEqualTo(Evaluation.Notice.NONE);
        assertThat(e.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(AlertChange.Kind.CHECK_FAILED);
            assertThat(c.detail()).isEqualTo("canceling statement due to statement timeout");
        });
        assertThat(e.after().stale()).isTrue();
        assertThat(e.after().failedSince()).isEqualTo(failedAt);
        assertThat(store.openAlerts("pool-usage", "oltp")).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));

        clock.advance(Duration.ofSeconds(60));
        Evaluation again = reconciler.reconcile(failed("connection refused"));
        assertThat(again.changes()).as("recorded when it starts, not on every failed run").isEmpty();
        assertThat(again.after().failedSince()).isEqualTo(failedAt);
        assertThat(again.after().lastError()).isEqualTo("connection refused");

        Evaluation ok = run(POOL, row("usage_pct", 95));
        assertThat(ok.notice()).isEqualTo(Evaluation.Notice.NONE);
        assertThat(ok.changes()).extracting(AlertChange::kind).containsExactly(AlertChange.Kind.CHECK_RECOVERED, AlertChange.Kind.UPDATED);
        assertThat(ok.changes().get(0).detail()).isEqualTo("the check runs again (failed since " + failedAt + ": connection refused)");
        assertThat(ok.after().checkFailed()).isFalse();
        assertThat(store.history(ok.changes().get(0).alert().id())).extracting(AlertStore.HistoryEntry::change)
                .containsExactly("FIRED", "CHECK_FAILED", "CHECK_RECOVERED", "UPDATED");
    }

    private CheckRun failed(String error) {
        CheckRun failed = new CheckRun(POOL, "oltp", clock.instant(), false, "test");
        failed.fail(error);
        return failed;
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndStoresNothing() {
        CheckRun dry = new CheckRun(POOL, "oltp", clock.instant(), true, "test");
        dry.observed(evaluated(POOL, "", row("usage_pct", 95)));
        Evaluation e = reconciler.reconcile(dry);
        assertThat(e.notice()).isEqualTo(Evaluation.Notice.TRIGGER);
        assertThat(store.openAlerts()).isEmpty();
        assertThat(store.groups()).isEmpty();
    }

    @Test
    void theAlertChangeAndTheNotificationsItCausesCommitTogetherOrNotAtAll() {
        Outbox outbox = new Outbox(stateStore.dataSource());
        Outbox.Message page = new Outbox.Message(Channel.PAGER, "trigger", "lane", "pool-usage", "oltp", "database-lead", "title", "key",
                "http://127.0.0.1:9/enqueue", Map.of(), "{}", false);
        Outcomes failing = new Outcomes(reconciler, e -> {
            outbox.add(List.of(page), clock.instant());
            throw new IllegalStateException("the notifier failed after writing to the outbox");
        }, store, new GroupLocks());
        assertThatThrownBy(() -> failing.record(observed(POOL, row("usage_pct", 95))))
                .hasMessage("the notifier failed after writing to the outbox");
        assertThat(store.openAlerts()).as("the alert change rolled back").isEmpty();
        assertThat(store.groups()).isEmpty();
        assertThat(outbox.inState(Outbox.State.PENDING, 10)).as("and so did the notification").isEmpty();

        Outcomes working = new Outcomes(reconciler, e -> outbox.add(List.of(page), clock.instant()), store, new GroupLocks());
        assertThat(working.record(observed(POOL, row("usage_pct", 95))).notice()).isEqualTo(Evaluation.Notice.TRIGGER);
        assertThat(store.openAlerts()).hasSize(1);
        assertThat(outbox.inState(Outbox.State.PENDING, 10)).hasSize(1);
    }

    // ---- helpers

    private Evaluation run(CheckDefinition check, Map<String, Object>... rows) {
        return reconciler.reconcile(observed(check, rows));
    }

    @SafeVarargs
    private CheckRun observed(CheckDefinition check, Map<String, Object>... rows) {
        CheckRun run = new CheckRun(check, "oltp", clock.instant(), false, "test");
        for (Map<String, Object> r : rows) {
            String key = check.keyed() ? "pid=" + r.get("pid") : "";
            run.observed(evaluated(check, key, r));
        }
        return run;
    }

    private static EvaluatedRow evaluated(CheckDefinition check, String key, Map<String, Object> row) {
        return new EvaluatedRow(key, row, check.thresholds().evaluate(row));
    }

    private static Map<String, Object> row(String column, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(column, value);
        return m;
    }

    private static Map<String, Object> keyed(int pid, int seconds) {
        Map<String, Object> m = row("pid", pid);
        m.put("duration_s", seconds);
        return m;
    }

    private static CheckDefinition check(String name, String thresholds, List<String> keys) {
        return new CheckDefinition(name, List.of("oltp"), "SELECT 1", Thresholds.parse(thresholds), "performance-degradation", keys,
                Schedule.parse("60s"), CheckDefinition.NoRows.OK, "", "test");
    }
}
