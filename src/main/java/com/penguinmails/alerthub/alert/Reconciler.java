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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reconciles a run as a whole against the alerts already open for its (check, tier): a breaching row opens or
 * updates its alert (pending until its {@link Hold} is met), a row back inside the clear bound or no longer returned
 * resolves it, a failed run changes no alert and puts the group in the "check failed" state. A flapping alert
 * ({@link Flapping}) neither opens nor closes its group. Persists the result in one transaction unless the run is a dry run.
 */
public final class Reconciler {

    /** The key of the single alert that stands for a run with too many offending rows. */
    public static final String TOO_MANY_KEY = "(too many rows)";

    private final AlertStore store;
    private final Clock clock;
    private final int maxAlerts;
    private final Flapping flapping;
    private final ObjectMapper json = new ObjectMapper();

    public Reconciler(AlertStore store, Clock clock, int maxAlerts, Flapping flapping) {
        this.store = store;
        this.clock = clock;
        this.maxAlerts = maxAlerts;
        this.flapping = flapping;
    }

    /** Called under the group's lock (see {@link Outcomes}): the outage probe and the tier-reachable route may meet. */
    public Evaluation reconcile(CheckRun run) {
        Instant now = clock.instant();
        run.finish(now);
        CheckDefinition check = run.check();
        AlertGroup before = store.group(check.name(), run.tier()).orElse(AlertGroup.quiet(check.name(), run.tier()));
        List<Alert> open = store.openAlerts(check.name(), run.tier());
        if (run.status() == CheckRun.Status.BUSY) return new Evaluation(run, List.of(), before, before, firing(open), Evaluation.Notice.NONE);
        if (!run.succeeded()) return failed(run, before, open, now);
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
        Flaps flaps = flaps(run, after, now);
        List<Alert> firingAfter = firing(after);
        AlertGroup group = nextGroup(before, flaps.steady(firingAfter), !flaps.flapping().isEmpty(), check.incident(), now);
        Evaluation.Notice notice = notice(before, group, flaps.steadyChanges(changes));
        List<AlertChange> recorded = new ArrayList<>();
        // first, so that this run's own change of the same alert is what the alert row keeps
        if (before.checkFailed()) {
            String detail = "the check runs again (failed since " + before.failedSince() + ": " + before.lastError() + ")";
            open.forEach(a -> recorded.add(new AlertChange(a, AlertChange.Kind.CHECK_RECOVERED, detail)));
        }
        recorded.addAll(changes);
        recorded.addAll(flaps.changes());
        List<AlertChange> saved = run.dryRun() ? recorded : store.save(recorded, group, flaps.states(), now);
        return new Evaluation(run, saved, before, group, firing(replaceSaved(firingAfter, saved)), notice);
    }

    /**
     * A failed run is neither breach nor health: no alert changes, pending alerts count no run. The group enters the
     * "check failed" state, recorded on its open alerts when it starts. The tier-reachable check's failures are the
     * Database Outage's business (the probe, {@link TierOutages}): its group only goes stale.
     */
    private Evaluation failed(CheckRun run, AlertGroup before, List<Alert> open, Instant now) {
        boolean outage = run.check().name().equals(CheckDefinition.TIER_REACHABLE);
        AlertGroup after = outage ? before.ran(now, run.error()) : before.checkFailed(now, run.error());
        List<AlertChange> changes = outage || before.checkFailed() ? List.of()
                : open.stream().map(a -> new AlertChange(a, AlertChange.Kind.CHECK_FAILED, run.error())).toList();
        if (!run.dryRun()) changes = store.save(changes, after, List.of(), now);
        return new Evaluation(run, changes, before, after, firing(open), Evaluation.Notice.NONE);
    }

    /**
     * The flap states after this run: one more result for every fingerprint of the group the run judged or the hub
     * remembers (breach: its alert is open), the fingerprints flapping now, and each start or stop as a change of the
     * fingerprint's latest alert. The hub's own clearing runs (check removed, tier reachable again) are no result.
     */
    private Flaps flaps(CheckRun run, List<Alert> after, Instant now) {
        if (!flapping.enabled() || run.clearReason().isPresent()) return Flaps.NONE;
        Map<String, FlapState> known = store.flapStates(run.check().name(), run.tier());
        Map<String, Alert> latest = new LinkedHashMap<>();
        after.forEach(a -> latest.put(a.fingerprint(), a));
        List<String> fingerprints = new ArrayList<>(latest.keySet());
        known.keySet().stream().filter(f -> !latest.containsKey(f)).forEach(fingerprints::add);
        List<FlapState> states = new ArrayList<>();
        List<AlertChange> changes = new ArrayList<>();
        for (String fingerprint : fingerprints) {
            Alert alert = latest.get(fingerprint);
            FlapState was = known.getOrDefault(fingerprint, FlapState.fresh(fingerprint));
            FlapState next = flapping.next(was, alert != null && alert.state().open(), now);
            states.add(next);
            if (next.flapping() == was.flapping()) continue;
            Optional.ofNullable(alert).or(() -> store.latest(fingerprint)).ifPresent(a -> changes.add(new AlertChange(a,
                    next.flapping() ? AlertChange.Kind.FLAPPING_STARTED : AlertChange.Kind.FLAPPING_STOPPED, next.phrase())));
        }
        return new Flaps(states, states.stream().filter(FlapState::flapping).map(FlapState::fingerprint).collect(Collectors.toSet()), changes);
    }

    private record Flaps(List<FlapState> states, Set<String> flapping, List<AlertChange> changes) {
        static final Flaps NONE = new Flaps(List.of(), Set.of(), List.of());

        /** The alerts and changes that page as usual: those of fingerprints not flapping. */
        List<Alert> steady(List<Alert> alerts) {
            return alerts.stream().filter(a -> !flapping.contains(a.fingerprint())).toList();
        }

        List<AlertChange> steadyChanges(List<AlertChange> changes) {
            return changes.stream().filter(c -> !flapping.contains(c.alert().fingerprint())).toList();
        }
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
        Hold hold = Hold.of(run.check());
        String detail = column + " = " + value + " (" + severity.label() + " " + bound + ")";
        if (existing == null) {
            Alert fresh = new Alert(0, Fingerprint.alert(run.check().name(), run.tier(), row.key()), run.check().name(), run.tier(),
                    row.key(), run.check().incident(), hold.immediate() ? AlertState.FIRING : AlertState.PENDING, severity, column,
                    value, bound, rowJson, now, now, now, hold.immediate() ? now : null, null, null, 1, now);
            return Optional.of(hold.immediate() ? new AlertChange(fresh, AlertChange.Kind.FIRED, detail)
                    : new AlertChange(fresh, AlertChange.Kind.PENDING, detail + ", " + hold.progress(now, 1, now)));
        }
        Alert updated = existing.withObservation(severity, column, value, bound, rowJson, now);
        if (existing.state() == AlertState.PENDING) {
            Alert counted = hold.counts(existing.pendingCountedAt(), now) ? updated.counted(now) : updated;
            return Optional.of(hold.held(existing.pendingSince(), counted.pendingRuns(), now)
                    ? new AlertChange(counted.fired(now), AlertChange.Kind.FIRED, detail + ", " + Hold.met(existing.pendingSince(), counted.pendingRuns(), now))
                    : new AlertChange(counted, AlertChange.Kind.UPDATED, "pending: " + detail + ", "
                            + hold.progress(existing.pendingSince(), counted.pendingRuns(), now)));
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

    /** @param flapping some fingerprint of the group flaps: a firing group stays firing, a quiet one quiet */
    private static AlertGroup nextGroup(AlertGroup before, List<Alert> firing, boolean flapping, String incident, Instant now) {
        if (firing.isEmpty()) return (before.firing() && !flapping ? before.closed(now) : before).ran(now, null);
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
