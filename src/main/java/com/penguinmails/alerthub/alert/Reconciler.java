package com.penguinmails.alerthub.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.check.EvaluatedRow;
import com.penguinmails.alerthub.check.Rows;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.threshold.ColumnVerdict;
import com.penguinmails.alerthub.threshold.Severity;
import com.penguinmails.alerthub.threshold.Verdict;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reconciles a run as a whole against the alerts already open for its (check, tier): a breaching row opens or
 * updates its alert, a row back inside the clear bound or no longer returned resolves it, a failed run changes no
 * alert and only marks the group stale. Persists the result in one transaction unless the run is a dry run.
 */
public final class Reconciler {

    /** The key of the single alert that stands for a run with too many offending rows. */
    public static final String TOO_MANY_KEY = "(too many rows)";

    private final AlertStore store;
    private final Clock clock;
    private final int maxAlerts;
    private final ObjectMapper json = new ObjectMapper();

    public Reconciler(AlertStore store, Clock clock, int maxAlerts) {
        this.store = store;
        this.clock = clock;
        this.maxAlerts = maxAlerts;
    }

    /** Called under the group's lock (see {@link Outcomes}): the outage probe and the tier-reachable route may meet. */
    public Evaluation reconcile(CheckRun run) {
        Instant now = clock.instant();
        run.finish(now);
        CheckDefinition check = run.check();
        AlertGroup before = store.group(check.name(), run.tier()).orElse(AlertGroup.quiet(check.name(), run.tier()));
        List<Alert> open = store.openAlerts(check.name(), run.tier());
        if (run.status() == CheckRun.Status.BUSY) return new Evaluation(run, List.of(), before, before, firing(open), Evaluation.Notice.NONE);
        if (!run.succeeded()) {
            AlertGroup after = before.ran(now, run.error());
            if (!run.dryRun()) store.save(List.of(), after, now);
            return new Evaluation(run, List.of(), before, after, firing(open), Evaluation.Notice.NONE);
        }
        Map<String, Alert> openByKey = new LinkedHashMap<>();
        open.forEach(a -> openByKey.put(a.key(), a));
        List<AlertChange> changes = new ArrayList<>();
        for (EvaluatedRow row : rowsToReconcile(run)) {
            observe(run, row, openByKey.remove(row.key()), now).ifPresent(changes::add);
        }
        if (run.breachCount() <= maxAlerts || !check.keyed()) {
            for (Alert gone : openByKey.values()) changes.add(clear(run, gone, now));
        }
        List<Alert> after = new ArrayList<>(open);
        changes.forEach(c -> {
            after.removeIf(a -> a.id() != 0 && a.id() == c.alert().id());
            after.add(c.alert());
        });
        List<Alert> firingAfter = firing(after);
        AlertGroup group = nextGroup(before, firingAfter, check.incident(), now);
        Evaluation.Notice notice = notice(before, group, changes);
        if (!run.dryRun()) changes = store.save(changes, group, now);
        return new Evaluation(run, changes, before, group, firing(replaceSaved(firingAfter, changes)), notice);
    }

    /** Keyed checks: every offending row, or one stand-in when there are too many. Unkeyed: the worst row. */
    private List<EvaluatedRow> rowsToReconcile(CheckRun run) {
        List<EvaluatedRow> rows = run.offending();
        if (rows.isEmpty()) return rows;
        Comparator<EvaluatedRow> worstFirst = Comparator.comparing(Reconciler::rank).reversed();
        if (!run.check().keyed()) return List.of(rows.stream().sorted(worstFirst).findFirst().get());
        if (run.breachCount() <= maxAlerts) return rows;
        EvaluatedRow worst = rows.stream().sorted(worstFirst).findFirst().get();
        Map<String, Object> summary = new TreeMap<>(worst.row());
        summary.put("offending_rows", run.breachCount());
        return List.of(new EvaluatedRow(TOO_MANY_KEY, summary, worst.verdict()));
    }

    private static int rank(EvaluatedRow row) {
        return row.verdict().verdict() == Verdict.BREACH ? 10 + row.verdict().severity().ordinal() : 0;
    }

    private Optional<AlertChange> observe(CheckRun run, EvaluatedRow row, Alert existing, Instant now) {
        Optional<ColumnVerdict> worst = row.verdict().worst();
        String column = worst.map(ColumnVerdict::column).orElse(null);
        String value = worst.map(ColumnVerdict::value).map(BigDecimal::toPlainString).orElse(null);
        String rowJson = toJson(row.row());
        if (row.verdict().verdict() != Verdict.BREACH) {
            if (existing == null) return Optional.empty();
            if (existing.state() == AlertState.PENDING) {
                return Optional.of(new AlertChange(existing.resolved(now, "breach did not last"), AlertChange.Kind.DROPPED, "value " + value));
            }
            Alert held = existing.withObservation(existing.severity(), existing.valueColumn(), value == null ? existing.lastValue() : value,
                    existing.threshold(), rowJson, now);
            return Optional.of(new AlertChange(held, AlertChange.Kind.UPDATED, "inside the hysteresis band or no data: still open"));
        }
        Severity severity = row.verdict().severity();
        String bound = worst.map(ColumnVerdict::bound).map(b -> b.describe()).orElse("");
        Duration hold = run.check().thresholds().forDuration().orElse(Duration.ZERO);
        String detail = column + " = " + value + " (" + severity.label() + " " + bound + ")";
        if (existing == null) {
            Alert fresh = new Alert(0, Fingerprint.alert(run.check().name(), run.tier(), row.key()), run.check().name(), run.tier(),
                    row.key(), run.check().incident(), hold.isZero() ? AlertState.FIRING : AlertState.PENDING, severity, column,
                    value, bound, rowJson, now, now, now, hold.isZero() ? now : null, null, null);
            return Optional.of(new AlertChange(fresh, hold.isZero() ? AlertChange.Kind.FIRED : AlertChange.Kind.PENDING, detail));
        }
        Alert updated = existing.withObservation(severity, column, value, bound, rowJson, now);
        if (existing.state() == AlertState.PENDING) {
            boolean held = !Duration.between(existing.pendingSince(), now).minus(hold).isNegative();
            return Optional.of(held ? new AlertChange(updated.fired(now), AlertChange.Kind.FIRED, detail)
                    : new AlertChange(updated, AlertChange.Kind.UPDATED, "pending: " + detail));
        }
        int cmp = severity.compareTo(existing.severity());
        AlertChange.Kind kind = cmp > 0 ? AlertChange.Kind.RAISED : cmp < 0 ? AlertChange.Kind.LOWERED : AlertChange.Kind.UPDATED;
        return Optional.of(new AlertChange(updated, kind, detail));
    }

    private AlertChange clear(CheckRun run, Alert alert, Instant now) {
        String reason = run.clearReason().orElseGet(() -> run.returned(alert.key())
                ? "back within bounds (" + alert.valueColumn() + " = " + run.returnedValue(alert.key()).orElse("?") + ")"
                : "no longer returned");
        Alert resolved = run.returnedValue(alert.key()).filter(v -> !v.isEmpty()).map(alert::withLastValue).orElse(alert).resolved(now, reason);
        return new AlertChange(resolved, alert.state() == AlertState.PENDING ? AlertChange.Kind.DROPPED : AlertChange.Kind.RESOLVED, reason);
    }

    private static AlertGroup nextGroup(AlertGroup before, List<Alert> firing, String incident, Instant now) {
        if (firing.isEmpty()) return (before.firing() ? before.closed(now) : before).ran(now, null);
        Severity worst = firing.get(0).severity();
        AlertGroup open = before.firing() ? before.withSeverity(worst) : before.opened(worst, incident, now);
        return open.ran(now, null);
    }

    private static Evaluation.Notice notice(AlertGroup before, AlertGroup after, List<AlertChange> changes) {
        if (!before.firing() && after.firing()) return Evaluation.Notice.TRIGGER;
        if (before.firing() && !after.firing()) return Evaluation.Notice.RESOLVE;
        if (after.firing() && changes.stream().anyMatch(AlertChange::notifiable)) return Evaluation.Notice.UPDATE;
        return Evaluation.Notice.NONE;
    }

    /** The firing alerts, worst first. */
    public static List<Alert> firing(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.state() == AlertState.FIRING)
                .sorted(Comparator.comparing(Alert::severity).reversed().thenComparing(Reconciler::numericValue, Comparator.reverseOrder()))
                .toList();
    }

    private static BigDecimal numericValue(Alert a) {
        try {
            return a.lastValue() == null ? BigDecimal.ZERO : new BigDecimal(a.lastValue());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    /** The saved changes carry database ids; the firing list should too. */
    private static List<Alert> replaceSaved(List<Alert> firing, List<AlertChange> saved) {
        Map<String, Alert> byFingerprint = new LinkedHashMap<>();
        firing.forEach(a -> byFingerprint.put(a.fingerprint(), a));
        saved.stream().map(AlertChange::alert).filter(a -> byFingerprint.containsKey(a.fingerprint()) && a.state() == AlertState.FIRING)
                .forEach(a -> byFingerprint.put(a.fingerprint(), a));
        return new ArrayList<>(byFingerprint.values());
    }

    private String toJson(Map<String, Object> row) {
        try {
            return json.writeValueAsString(Rows.printable(row));
        } catch (JsonProcessingException e) {
            return String.valueOf(row);
        }
    }
}
