package com.penguinmails.alerthub.store;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.AlertState;
import com.penguinmails.alerthub.alert.FlapState;
import com.penguinmails.alerthub.escalation.EscalationState;
import com.penguinmails.alerthub.threshold.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Alerts, their groups and history, in plain SQL that runs on H2 and PostgreSQL alike. */
public final class AlertStore {

    private static final String ALERT_COLUMNS = "id, fingerprint, check_name, tier, alert_key, incident, state, severity,"
            + " value_column, last_value, threshold, row_json, first_seen, last_seen, pending_since, fired_at, resolved_at, resolve_reason,"
            + " pending_runs, pending_counted_at";
    private static final String GROUP_COLUMNS = "check_name, tier, state, severity, incident, dedup_key, opened_at, resolved_at,"
            + " email_message_id, notified_emails, notified_pager, notified_channels, stale, last_run_at, last_error, failed_since";

    /** The actor of every transition the hub makes by itself. */
    public static final String HUB = "hub";

    private final Jdbc jdbc;

    public AlertStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Runs {@code work} in one store transaction (or the one already open on this thread). */
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return jdbc.inTransaction(work);
    }

    public List<Alert> openAlerts(String check, String tier) {
        return alerts("SELECT " + ALERT_COLUMNS + " FROM alert WHERE check_name = ? AND tier = ? AND state <> 'RESOLVED' ORDER BY id", check, tier);
    }

    public List<Alert> openAlerts() {
        return alerts("SELECT " + ALERT_COLUMNS + " FROM alert WHERE state <> 'RESOLVED' ORDER BY id");
    }

    /** One entry of an alert's history: what happened, when, at which severity, who did it ({@code hub} or a caller), and why. */
    public record HistoryEntry(Instant at, String change, Severity severity, String actor, String detail) {
    }

    /** Every transition and acknowledgement of one alert, oldest first. */
    public List<HistoryEntry> history(long alertId) {
        return query("SELECT at, change, severity, actor, detail FROM alert_history WHERE alert_id = ? ORDER BY id", new Object[] {alertId},
                rs -> new HistoryEntry(instant(rs, 1), rs.getString(2), Severity.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5)));
    }

    public Optional<Alert> alert(long id) {
        return alerts("SELECT " + ALERT_COLUMNS + " FROM alert WHERE id = ?", id).stream().findFirst();
    }

    public Optional<AlertGroup> group(String check, String tier) {
        return groups("SELECT " + GROUP_COLUMNS + " FROM alert_group WHERE check_name = ? AND tier = ?", check, tier).stream().findFirst();
    }

    public List<AlertGroup> groups() {
        return groups("SELECT " + GROUP_COLUMNS + " FROM alert_group ORDER BY check_name, tier");
    }

    /** Writes one run's outcome in one transaction: new and changed alerts, their history, the group, its fingerprints' flap states. */
    public List<AlertChange> save(List<AlertChange> changes, AlertGroup group, List<FlapState> flaps, Instant at) {
        return jdbc.withConnection("save alert state for " + group.check() + "/" + group.tier(), c -> {
            List<AlertChange> saved = new ArrayList<>();
            // a new alert may have two changes in one run (fired, and flapping started): one row
            Map<String, Long> inserted = new HashMap<>();
            for (AlertChange change : changes) {
                Alert alert = change.alert();
                Long id = alert.id() == 0 ? inserted.get(alert.fingerprint()) : Long.valueOf(alert.id());
                alert = id == null ? insert(c, alert) : update(c, alert.withId(id));
                if (change.alert().id() == 0) inserted.put(alert.fingerprint(), alert.id());
                history(c, alert, change, at, HUB);
                saved.add(new AlertChange(alert, change.kind(), change.detail()));
            }
            saveGroup(c, group);
            for (FlapState flap : flaps) saveFlap(c, group, flap);
            return saved;
        });
    }

    /**
     * Remembers who was told, so the resolve reaches exactly them.
     */
    public void recipients(AlertGroup group) {
        execute("UPDATE alert_group SET notified_emails = ?, notified_pager = ?, notified_channels = ? WHERE check_name = ? AND tier = ?",
                String.join(",", group.notifiedEmails()), String.join(",", group.notifiedPagerKeys()),
                String.join(",", group.notifiedChannels()), group.check(), group.tier());
    }

    /** The group's escalation state; empty when no timeline runs (never fired, or fired before escalation existed). */
    public Optional<EscalationState> escalation(String check, String tier) {
        return query("SELECT escalation_started_at, escalation_severity, escalation_anchor, escalation_base, escalation_sent,"
                + " escalation_steps, acknowledged_at FROM alert_group WHERE check_name = ? AND tier = ?", new Object[] {check, tier},
                rs -> instant(rs, 1) == null ? null : new EscalationState(instant(rs, 1), Severity.valueOf(rs.getString(2)), instant(rs, 3),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), instant(rs, 7)))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Writes the group's escalation state (the group's row exists: a run saved it before anything was notified). */
    public void escalation(String check, String tier, EscalationState s) {
        execute("UPDATE alert_group SET escalation_started_at = ?, escalation_severity = ?, escalation_anchor = ?, escalation_base = ?,"
                + " escalation_sent = ?, escalation_steps = ?, acknowledged_at = ? WHERE check_name = ? AND tier = ?",
                s.startedAt(), s.severity().name(), s.anchor(), s.base(), s.sent(), s.steps(), s.acknowledgedAt(), check, tier);
    }

    /**
     * Acknowledges a firing group: its escalation stops. Recorded on each firing alert's history too.
     *
     * @param note  added to the history entry (e.g. that nobody had been notified); null for none
     * @return false when the group is not firing or was already acknowledged
     */
    public boolean acknowledge(String check, String tier, Instant at, String by, String comment, String note) {
        String detail = new Acknowledgement(at, by, comment, at).describe() + (note == null ? "" : "; " + note);
        return groupChange(check, tier, at, AlertChange.Kind.ACKNOWLEDGED, detail, by, "UPDATE alert_group SET acknowledged_at = ?,"
                + " acknowledged_by = ?, ack_comment = ? WHERE check_name = ? AND tier = ? AND state = 'FIRING' AND acknowledged_at IS NULL",
                at, by, truncate(comment, 1000), check, tier);
    }

    /** The acknowledgement in force on a firing group, if any. */
    public Optional<Acknowledgement> acknowledgement(String check, String tier) {
        return query("SELECT acknowledged_at, acknowledged_by, ack_comment, COALESCE(escalation_started_at, opened_at) FROM alert_group"
                + " WHERE check_name = ? AND tier = ? AND state = 'FIRING' AND acknowledged_at IS NOT NULL", new Object[] {check, tier},
                rs -> new Acknowledgement(instant(rs, 1), rs.getString(2), rs.getString(3), instant(rs, 4))).stream().findFirst();
    }

    /**
     * The acknowledgement ran out while the group still fires ({@code hub.ack.timeout}): it is unacknowledged again,
     * recorded on each firing alert's history. The caller restarts escalation.
     *
     * @return false when the group was not acknowledged (any more)
     */
    public boolean acknowledgementExpired(String check, String tier, Instant at, String detail) {
        return groupChange(check, tier, at, AlertChange.Kind.ACK_EXPIRED, detail, HUB, "UPDATE alert_group SET acknowledged_at = NULL,"
                + " acknowledged_by = NULL, ack_comment = NULL WHERE check_name = ? AND tier = ? AND acknowledged_at IS NOT NULL", check, tier);
    }

    /** One update of a group and, if it changed the group, a history entry on each of its open alerts; one transaction. */
    private boolean groupChange(String check, String tier, Instant at, AlertChange.Kind kind, String detail, String actor, String sql,
                                Object... args) {
        return jdbc.withConnection("record " + kind.name().toLowerCase() + " of " + check + "/" + tier, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                if (ps.executeUpdate() == 0) return false;
            }
            for (Alert a : openAlerts(check, tier)) history(c, a, new AlertChange(a, kind, detail), at, actor);
            return true;
        });
    }

    /**
     * A secret the hub keeps for itself (e.g. the ack link key): the stored one, or {@code fresh} stored now. Two hubs
     * starting at once both end up with whichever was stored first.
     */
    public String secret(String name, java.util.function.Supplier<String> fresh, Instant at) {
        String sql = "SELECT secret FROM hub_secret WHERE name = ?";
        Optional<String> stored = query(sql, new Object[] {name}, rs -> rs.getString(1)).stream().findFirst();
        if (stored.isPresent()) return stored.get();
        try {
            execute("INSERT INTO hub_secret (name, secret, created_at) VALUES (?, ?, ?)", name, fresh.get(), at);
        } catch (StoreException raced) {
            // another hub stored one first: use theirs
        }
        return query(sql, new Object[] {name}, rs -> rs.getString(1)).get(0);
    }

    /** A new trigger starts a new email thread: forget the last one's Message-ID. */
    public void newThread(String check, String tier) {
        execute("UPDATE alert_group SET email_message_id = NULL WHERE check_name = ? AND tier = ?", check, tier);
    }

    /** The flap states of a group's fingerprints that have one (see {@link FlapState#forgettable()}). */
    public Map<String, FlapState> flapStates(String check, String tier) {
        Map<String, FlapState> out = new LinkedHashMap<>();
        query("SELECT fingerprint, results, flapping, percent, since FROM alert_flapping WHERE check_name = ? AND tier = ? ORDER BY fingerprint",
                new Object[] {check, tier}, rs -> new FlapState(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getDouble(4), instant(rs, 5)))
                .forEach(f -> out.put(f.fingerprint(), f));
        return out;
    }

    /** The fingerprints flapping now. */
    public Set<String> flappingFingerprints() {
        return new HashSet<>(query("SELECT fingerprint FROM alert_flapping WHERE flapping", new Object[0], rs -> rs.getString(1)));
    }

    /** The latest alert of a fingerprint, open or not: where its flapping history is recorded. */
    public Optional<Alert> latest(String fingerprint) {
        return alerts("SELECT " + ALERT_COLUMNS + " FROM alert WHERE fingerprint = ? ORDER BY id DESC", fingerprint).stream().findFirst();
    }

    private static void saveFlap(Connection c, AlertGroup group, FlapState f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_flapping WHERE fingerprint = ?")) {
            bind(ps, f.fingerprint());
            ps.executeUpdate();
        }
        if (f.forgettable()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_flapping (fingerprint, check_name, tier, results, flapping, percent, since)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, f.fingerprint(), group.check(), group.tier(), f.results(), f.flapping(), f.percent(), f.since());
            ps.executeUpdate();
        }
    }

    /** Remembers the trigger email's Message-ID so the resolve can reply to it. */
    public void emailSent(String check, String tier, String messageId) {
        execute("UPDATE alert_group SET email_message_id = ? WHERE check_name = ? AND tier = ?", messageId, check, tier);
    }

    private Alert insert(Connection c, Alert a) throws SQLException {
        String sql = "INSERT INTO alert (fingerprint, check_name, tier, alert_key, incident, state, severity, value_column, last_value,"
                + " threshold, row_json, first_seen, last_seen, pending_since, fired_at, resolved_at, resolve_reason, pending_runs, pending_counted_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            bind(ps, a.fingerprint(), a.check(), a.tier(), a.key(), a.incident(), a.state().name(), a.severity().name(),
                    a.valueColumn(), a.lastValue(), a.threshold(), a.rowJson(), a.firstSeen(), a.lastSeen(), a.pendingSince(),
                    a.firedAt(), a.resolvedAt(), a.resolveReason(), a.pendingRuns(), a.pendingCountedAt());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return a.withId(keys.getLong(1));
            }
        }
    }

    private Alert update(Connection c, Alert a) throws SQLException {
        String sql = "UPDATE alert SET state = ?, severity = ?, value_column = ?, last_value = ?, threshold = ?, row_json = ?,"
                + " last_seen = ?, pending_since = ?, fired_at = ?, resolved_at = ?, resolve_reason = ?, pending_runs = ?, pending_counted_at = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, a.state().name(), a.severity().name(), a.valueColumn(), a.lastValue(), a.threshold(), a.rowJson(),
                    a.lastSeen(), a.pendingSince(), a.firedAt(), a.resolvedAt(), a.resolveReason(), a.pendingRuns(), a.pendingCountedAt(), a.id());
            ps.executeUpdate();
            return a;
        }
    }

    private void history(Connection c, Alert a, AlertChange change, Instant at, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_history (alert_id, at, change, severity, actor, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            bind(ps, a.id(), at, change.kind().name(), a.severity().name(), truncate(actor, 200), truncate(change.detail(), 1000));
            ps.executeUpdate();
        }
    }

    /** The group's state; who was told is written only by {@link #recipients} and {@link #emailSent}, which run apart. */
    private void saveGroup(Connection c, AlertGroup g) throws SQLException {
        Object[] state = {g.firing() ? "FIRING" : "OK", g.severity() == null ? null : g.severity().name(), g.incident(),
                g.dedupKey(), g.openedAt(), g.resolvedAt(), g.stale(), g.lastRunAt(), truncate(g.lastError(), 4000), g.failedSince(), g.check(), g.tier()};
        try (PreparedStatement ps = c.prepareStatement("UPDATE alert_group SET state = ?, severity = ?, incident = ?, dedup_key = ?,"
                + " opened_at = ?, resolved_at = ?, stale = ?, last_run_at = ?, last_error = ?, failed_since = ? WHERE check_name = ? AND tier = ?")) {
            bind(ps, state);
            if (ps.executeUpdate() > 0) return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_group (state, severity, incident, dedup_key, opened_at,"
                + " resolved_at, stale, last_run_at, last_error, failed_since, check_name, tier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, state);
            ps.executeUpdate();
        }
    }

    private List<Alert> alerts(String sql, Object... args) {
        return query(sql, args, rs -> new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), AlertState.valueOf(rs.getString(7)), Severity.valueOf(rs.getString(8)), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), instant(rs, 13), instant(rs, 14), instant(rs, 15),
                instant(rs, 16), instant(rs, 17), rs.getString(18), rs.getInt(19), instant(rs, 20)));
    }

    private List<AlertGroup> groups(String sql, Object... args) {
        return query(sql, args, rs -> new AlertGroup(rs.getString(1), rs.getString(2), "FIRING".equals(rs.getString(3)),
                rs.getString(4) == null ? null : Severity.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                instant(rs, 7), instant(rs, 8), rs.getString(9), list(rs.getString(10)), list(rs.getString(11)),
                list(rs.getString(12)), rs.getBoolean(13), instant(rs, 14), rs.getString(15), instant(rs, 16)));
    }

    private <T> List<T> query(String sql, Object[] args, Jdbc.RowMapper<T> mapper) {
        return jdbc.query(sql, args, mapper);
    }

    private void execute(String sql, Object... args) {
        jdbc.execute(sql, args);
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        Jdbc.bind(ps, args);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return Jdbc.instant(rs, column);
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String truncate(String s, int max) {
        return Jdbc.truncate(s, max);
    }
}
