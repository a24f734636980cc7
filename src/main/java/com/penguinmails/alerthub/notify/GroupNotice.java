package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a person needs about one change of one group, rendered the same way on every channel.
 *
 * @param id        unique per notice: the idempotency key of webhook deliveries
 * @param shown     the rows to list (top 20 by severity, then value); {@code hidden} how many more there are
 * @param source    host/db of the tier
 * @param step      the escalation step this notice is for (1 for everything a run sends)
 * @param escalation for {@link Evaluation.Notice#ESCALATE}: how long it has gone unacknowledged and, when the hub
 *                  was down at the deadline, how late it is; empty otherwise
 * @param ack       the acknowledgement in force: for {@link Evaluation.Notice#ACKNOWLEDGE}, and on a rise of an
 *                  acknowledged group; null otherwise
 */
public record GroupNotice(
        String id,
        Evaluation.Notice kind,
        String environment,
        String check,
        String description,
        String tier,
        String source,
        String database,
        IncidentType incident,
        Severity severity,
        Instant openedAt,
        Instant at,
        String dedupKey,
        List<Alert> shown,
        int hidden,
        List<AlertChange> changes,
        String resolveReason,
        int step,
        String escalation,
        Acknowledgement ack) {

    public static final int SHOWN_ROWS = 20;

    public GroupNotice(String id, Evaluation.Notice kind, String environment, String check, String description, String tier,
            String source, String database, IncidentType incident, Severity severity, Instant openedAt, Instant at, String dedupKey,
            List<Alert> shown, int hidden, List<AlertChange> changes, String resolveReason) {
        this(id, kind, environment, check, description, tier, source, database, incident, severity, openedAt, at, dedupKey, shown,
                hidden, changes, resolveReason, 1, "", null);
    }

    /** A step of the escalation timeline: the group's firing rows (worst first) as they are now. */
    public static GroupNotice escalation(String check, String description, String tier, String environment, String source, String database,
            IncidentType incident, Severity severity, Instant openedAt, Instant at, String dedupKey, List<Alert> firing, int step,
            String escalation) {
        return new GroupNotice(UUID.randomUUID().toString(), Evaluation.Notice.ESCALATE, environment, check,
                description, tier, source, database, incident, severity, openedAt, at, dedupKey,
                firing.stream().limit(SHOWN_ROWS).toList(), Math.max(0, firing.size() - SHOWN_ROWS), List.of(), "", step, escalation, null);
    }

    /** Someone acknowledged the group: its firing rows as they are now, who, when and why. */
    public static GroupNotice acknowledged(String check, String description, String tier, String environment, String source, String database,
            IncidentType incident, Severity severity, Instant openedAt, String dedupKey, List<Alert> firing, Acknowledgement ack) {
        return new GroupNotice(UUID.randomUUID().toString(), Evaluation.Notice.ACKNOWLEDGE, environment, check, description, tier, source,
                database, incident, severity, openedAt, ack.at(), dedupKey, firing.stream().limit(SHOWN_ROWS).toList(),
                Math.max(0, firing.size() - SHOWN_ROWS), List.of(), "", 1, "", ack);
    }

    /** The same notice, telling that the group is acknowledged (a rise re-notifies whoever acknowledged). */
    public GroupNotice withAck(Acknowledgement acknowledgement) {
        return new GroupNotice(id, kind, environment, check, description, tier, source, database, incident, severity, openedAt, at,
                dedupKey, shown, hidden, changes, resolveReason, step, escalation, acknowledgement);
    }

    /** People are asked to act on it: it carries acknowledge links. */
    public boolean firing() {
        return kind == Evaluation.Notice.TRIGGER || kind == Evaluation.Notice.UPDATE || kind == Evaluation.Notice.ESCALATE;
    }

    /** This notice opens the group's email thread: the trigger, or a business-hours step 1 sent by the timeline. */
    public boolean threadStart() {
        return kind == Evaluation.Notice.TRIGGER || (kind == Evaluation.Notice.ESCALATE && step == 1);
    }

    public static GroupNotice of(Evaluation e, String environment, String source, String database, IncidentType incident, Instant at) {
        List<Alert> rows = e.notice() == Evaluation.Notice.RESOLVE
                ? e.changes(AlertChange.Kind.RESOLVED).stream().map(AlertChange::alert).toList()
                : e.firing();
        Severity severity = e.after().severity() != null ? e.after().severity() : e.before().severity();
        // a group held open by a flapping alert resolves when the flapping stops
        String reason = e.changes(AlertChange.Kind.RESOLVED).stream().findFirst()
                .or(() -> e.changes(AlertChange.Kind.FLAPPING_STOPPED).stream().findFirst()).map(AlertChange::detail).orElse("");
        return new GroupNotice(UUID.randomUUID().toString(), e.notice(), environment, e.run().check().name(),
                e.run().check().description(), e.run().tier(), source, database, incident, severity,
                e.after().openedAt() != null ? e.after().openedAt() : at, at, e.after().dedupKey(),
                rows.stream().limit(SHOWN_ROWS).toList(), Math.max(0, rows.size() - SHOWN_ROWS),
                e.changes().stream().filter(AlertChange::notifiable).toList(), reason);
    }

    /** An alert of the group started or stopped flapping ({@code flap}): that alert, as it is now. */
    public static GroupNotice flapping(String check, String description, String tier, String dedupKey, AlertChange flap,
            String environment, String source, String database, IncidentType incident, Instant at) {
        Evaluation.Notice kind = flap.kind() == AlertChange.Kind.FLAPPING_STARTED ? Evaluation.Notice.FLAPPING_STARTED
                : Evaluation.Notice.FLAPPING_STOPPED;
        return new GroupNotice(UUID.randomUUID().toString(), kind, environment, check, description, tier, source, database, incident,
                flap.alert().severity(), flap.alert().firstSeen(), at, dedupKey, List.of(flap.alert()), 0, List.of(flap), "");
    }

    public boolean flapping() {
        return kind == Evaluation.Notice.FLAPPING_STARTED || kind == Evaluation.Notice.FLAPPING_STOPPED;
    }

    public Duration duration() {
        return Duration.between(openedAt, at);
    }

    public boolean resolve() {
        return kind == Evaluation.Notice.RESOLVE;
    }

    /**
     * One line: {@code [PROD][CRITICAL] Database Outage: oltp (host/db) tier-reachable}; an escalation says its step and
     * how long nobody acknowledged: {@code [PROD][CRITICAL][ESCALATED step 3, unacknowledged 5 min] ...}.
     */
    public String title() {
        String state = switch (kind) {
            case RESOLVE -> "[RESOLVED]";
            case UPDATE -> "[UPDATE]";
            case ACKNOWLEDGE -> "[ACKNOWLEDGED]";
            case FLAPPING_STARTED -> "[FLAPPING]";
            case FLAPPING_STOPPED -> "[FLAPPING STOPPED]";
            case ESCALATE -> {
                String tag = step > 1 ? "ESCALATED step " + step : "";
                if (!escalation.isEmpty()) tag = tag.isEmpty() ? escalation : tag + ", " + escalation;
                yield tag.isEmpty() ? "" : "[" + tag + "]";
            }
            default -> "";
        };
        return "[" + environment.toUpperCase() + "][" + severity.label().toUpperCase() + "]" + state + " "
                + incident.title() + ": " + tier + " (" + source + ") " + check;
    }

    /**
     * The first shown row as one phrase: {@code usage_pct = 93.5 (critical > 90)}; a flapping notice says so first and
     * whether the alert is open now: {@code flapping: 52% state change, now ok; usage_pct = 70 (critical > 90)}.
     */
    public String headline() {
        if (shown.isEmpty()) return resolveReason;
        Alert a = shown.get(0);
        String key = a.key().isEmpty() ? "" : " [" + a.key() + "]";
        String row = a.valueColumn() + " = " + a.lastValue() + " (" + a.severity().label() + " " + a.threshold() + ")" + key;
        return flapping() ? changes.get(0).detail() + ", now " + status() + "; " + row : row;
    }

    /** What the group's receivers should make of it: {@code firing}, {@code resolved}, {@code flapping}, or {@code ok}. */
    public String status() {
        if (resolve()) return "resolved";
        if (kind == Evaluation.Notice.ACKNOWLEDGE) return "acknowledged";
        if (kind == Evaluation.Notice.FLAPPING_STARTED) return "flapping";
        if (kind == Evaluation.Notice.FLAPPING_STOPPED) return shown.get(0).state().open() ? "firing" : "ok";
        return "firing";
    }

    /** One row as the JSON channels (PagerDuty custom details, webhook) carry it. */
    public static Map<String, Object> row(Alert a) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fingerprint", a.fingerprint());
        r.put("key", a.key());
        r.put("severity", a.severity().label());
        r.put("column", a.valueColumn());
        r.put("value", a.lastValue());
        r.put("threshold", a.threshold());
        return r;
    }
}
