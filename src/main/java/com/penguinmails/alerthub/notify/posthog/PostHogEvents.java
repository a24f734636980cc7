package com.penguinmails.alerthub.notify.posthog;

import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.notify.GroupNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostHog capture events: {@code db_alert_triggered} / {@code db_alert_resolved} per alert that changed
 * ({@code db_alert_flapping_started} / {@code _stopped} when it starts or stops flapping), and a
 * {@code db_health_sample} per check run so a dashboard can chart the values. {@code distinct_id} names the tier's
 * database; no person profiles are made. Events are checked before sending: PostHog silently drops a bad one.
 */
public final class PostHogEvents {

    private PostHogEvents() {
    }

    public static List<Map<String, Object>> alertEvents(GroupNotice n) {
        if (n.kind() == Evaluation.Notice.ACKNOWLEDGE) return List.of(acknowledged(n));
        List<Map<String, Object>> events = new ArrayList<>();
        for (AlertChange c : n.changes()) {
            boolean resolved = c.kind() == AlertChange.Kind.RESOLVED;
            Map<String, Object> p = base(n.tier(), n.check());
            p.put("severity", c.alert().severity().label());
            p.put("incident_type", n.incident().id());
            p.put("value_column", c.alert().valueColumn());
            p.put("value", c.alert().lastValue());
            p.put("threshold", c.alert().threshold());
            p.put("fingerprint", c.alert().fingerprint());
            p.put("alert_key", c.alert().key());
            p.put("group_key", n.dedupKey());
            p.put("change", c.kind().name().toLowerCase());
            p.put("environment", n.environment());
            if (resolved) p.put("duration_s", n.at().getEpochSecond() - c.alert().firstSeen().getEpochSecond());
            if (n.flapping()) p.put("detail", c.detail());
            events.add(event(name(c.kind()), n.database(), n.at(), p));
        }
        return events;
    }

    /** One event per acknowledged group: a dashboard charts time-to-acknowledge per incident type and severity. */
    private static Map<String, Object> acknowledged(GroupNotice n) {
        Map<String, Object> p = base(n.tier(), n.check());
        p.put("severity", n.severity().label());
        p.put("incident_type", n.incident().id());
        p.put("group_key", n.dedupKey());
        p.put("environment", n.environment());
        p.put("acknowledged_by", n.ack().by());
        p.put("time_to_ack", n.ack().timeToAck().toSeconds());
        p.put("firing_alerts", n.shown().size() + n.hidden());
        return event("db_alert_acknowledged", n.database(), n.at(), p);
    }

    private static String name(AlertChange.Kind kind) {
        return switch (kind) {
            case RESOLVED -> "db_alert_resolved";
            case FLAPPING_STARTED -> "db_alert_flapping_started";
            case FLAPPING_STOPPED -> "db_alert_flapping_stopped";
            default -> "db_alert_triggered";
        };
    }

    public static Map<String, Object> healthSample(CheckRun run, String database) {
        Map<String, Object> p = base(run.tier(), run.check().name());
        p.put("status", run.status().name().toLowerCase());
        p.put("rows", run.totalRows());
        p.put("offending_rows", run.offending().size());
        p.put("duration_ms", run.finishedAt().toEpochMilli() - run.startedAt().toEpochMilli());
        if (run.error() != null) p.put("error", run.error());
        // an unkeyed check returns one row of measurements: chart them
        if (!run.check().keyed() && run.sample().size() == 1) {
            run.sample().get(0).row().forEach((k, v) -> {
                if (v instanceof Number) p.put(k, v);
            });
        }
        return event("db_health_sample", database, run.finishedAt(), p);
    }

    /** A notification the hub gave up on, or is falling back from: who could not be reached, on which channel, why. */
    public static Map<String, Object> deliveryFailed(String check, String tier, String database, String channel, String roles,
                                                     int attempts, String error, Instant at) {
        Map<String, Object> p = base(tier, check);
        p.put("channel", channel);
        p.put("roles", roles);
        p.put("attempts", attempts);
        p.put("error", error);
        return event("db_alert_delivery_failed", database, at, p);
    }

    /** Why PostHog would drop this event, or null if it is fine. */
    public static String problem(Map<String, Object> event) {
        if (!(event.get("event") instanceof String name) || name.isBlank()) return "event without a name";
        if (!(event.get("distinct_id") instanceof String id) || id.isBlank()) return "event '" + name + "' without distinct_id";
        if (!(event.get("properties") instanceof Map)) return "event '" + name + "' without properties";
        if (!(event.get("timestamp") instanceof String)) return "event '" + name + "' without timestamp";
        return null;
    }

    private static Map<String, Object> base(String tier, String check) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tier", tier);
        p.put("check", check);
        p.put("$process_person_profile", false);
        p.put("$lib", "alert-hub");
        return p;
    }

    private static Map<String, Object> event(String name, String database, Instant at, Map<String, Object> properties) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", name);
        e.put("distinct_id", database);
        e.put("uuid", UUID.randomUUID().toString());
        e.put("timestamp", at.toString());
        e.put("properties", properties);
        return e;
    }
}
