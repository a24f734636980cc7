package com.penguinmails.alerthub.notify.template;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertState;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.notify.GroupNotice;
import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variables a template sees for one notice: plain maps, lists, strings, numbers and booleans, so a template can
 * name nothing but what is listed in {@code docs/templates.md}. To add a variable, put it in {@link #of} (and the
 * doc): the load-time samples go through the same method, so templates using it validate at once.
 */
public final class TemplateModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private TemplateModel() {
    }

    public static Map<String, Object> of(GroupNotice n, ZoneId zone, Map<String, String> ackLinks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acknowledged", n.ack() == null ? "" : "Acknowledged " + n.ack().describe() + " at " + times(n.ack().at(), zone) + ", "
                + human(n.ack().timeToAck()) + " after the first notification");
        m.put("has_ack_links", !ackLinks.isEmpty());
        m.put("ack_links", ackLinks.entrySet().stream().map(e -> Map.of("recipient", e.getKey(), "url", e.getValue())).toList());
        m.put("id", n.id());
        m.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
        m.put("title", n.title());
        m.put("headline", n.headline());
        m.put("environment", n.environment());
        m.put("severity", n.severity().label());
        m.put("check", n.check());
        m.put("description", n.description());
        m.put("tier", n.tier());
        m.put("source", n.source());
        m.put("database", n.database());
        m.put("incident", n.incident().title());
        m.put("incident_id", n.incident().id());
        m.put("respond_within", human(n.incident().respondWithin()));
        m.put("runbook", n.incident().runbookUrl());
        m.put("first_response", n.incident().firstResponse());
        m.put("first_response_lines", n.incident().firstResponse().lines().toList());
        m.put("started", times(n.openedAt(), zone));
        m.put("now", times(n.at(), zone));
        m.put("duration", human(n.duration()));
        m.put("group", n.dedupKey());
        m.put("resolved", n.resolve());
        m.put("resolve_reason", n.resolveReason());
        m.put("step", n.step());
        m.put("escalation", n.escalation());
        m.put("rows", n.shown().stream().map(TemplateModel::row).toList());
        m.put("more_rows", n.hidden());
        m.put("other_rows", Math.max(0, n.shown().size() + n.hidden() - 1));
        return m;
    }

    /** {@code key: column = value (severity threshold)}. */
    public static String summary(Alert a) {
        String key = a.key().isEmpty() ? "" : a.key() + ": ";
        return key + a.valueColumn() + " = " + a.lastValue() + " (" + a.severity().label() + " " + a.threshold() + ")";
    }

    private static Map<String, Object> row(Alert a) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("summary", summary(a));
        r.put("key", a.key());
        r.put("column", a.valueColumn());
        r.put("value", a.lastValue());
        r.put("severity", a.severity().label());
        r.put("threshold", a.threshold());
        r.put("fingerprint", a.fingerprint());
        r.put("row_json", a.rowJson());
        return r;
    }

    /**
     * The notices templates are validated against at load: a firing escalation with a description, keyed rows and rows
     * beyond those shown, and a resolve without any of them. Between them every section of the model is taken both
     * ways, so a name misspelt anywhere in a template is met while rendering one of them.
     */
    static List<GroupNotice> samples(Severity severity) {
        Instant opened = Instant.parse("2026-01-05T08:55:00Z");
        Instant at = opened.plus(Duration.ofMinutes(12));
        IncidentType incident = new IncidentType("sample-incident", "Sample Incident", Duration.ofMinutes(5),
                "1. First step.\n2. Second step.", "https://runbook.example/sample", List.of(), Map.of());
        Alert row = new Alert(1, Fingerprint.alert("sample-check", "oltp", "pid=42"), "sample-check", "oltp", "pid=42",
                incident.id(), AlertState.FIRING, severity, "value_pct", "93.5", "> 90", "{\"pid\":42,\"value_pct\":93.5}",
                opened, at, opened, opened, null, null, 0, null);
        GroupNotice firing = new GroupNotice("sample-1", Evaluation.Notice.ESCALATE, "prod", "sample-check", "a sample check", "oltp",
                "db.example:5432/sample", "sample", incident, severity, opened, at, Fingerprint.group("sample-check", "oltp"),
                List.of(row), 3, List.of(new AlertChange(row, AlertChange.Kind.FIRED, "")), "", 2, "unacknowledged 12 min",
                new Acknowledgement(at, "oncall@example.com (email link)", "on it", opened));
        Alert unkeyed = new Alert(2, Fingerprint.alert("sample-check", "oltp", ""), "sample-check", "oltp", "", incident.id(),
                AlertState.RESOLVED, severity, "value_pct", "0", "> 90", "{\"value_pct\":0}", opened, at, opened, opened, at, "back within bounds", 0, null);
        GroupNotice resolved = new GroupNotice("sample-2", Evaluation.Notice.RESOLVE, "prod", "sample-check", "", "oltp",
                "db.example:5432/sample", "sample", incident, severity, opened, at, Fingerprint.group("sample-check", "oltp"),
                List.of(unkeyed), 0, List.of(new AlertChange(unkeyed, AlertChange.Kind.RESOLVED, "back within bounds")), "back within bounds");
        return List.of(firing, resolved);
    }

    /** A sample's ack links: the firing one has one, so both ways of the links' sections are validated. */
    static Map<String, String> sampleLinks(GroupNotice sample) {
        return sample.resolve() ? Map.of() : Map.of("oncall@example.com", "https://alert-hub.example/ack/sample-token");
    }

    /** In hub.timezone and in UTC: the reader may be anywhere, the logs are in UTC. */
    public static String times(Instant t, ZoneId zone) {
        String utc = UTC_TIME.format(t.atZone(ZoneOffset.UTC)) + " UTC";
        return zone.normalized().equals(ZoneOffset.UTC) ? utc : TIME.format(t.atZone(zone)) + " / " + utc;
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
    }
}
