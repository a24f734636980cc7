package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.alert.AlertGroup;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which firing groups are muted now ({@code muted_group}, V6), which flapping notices a mute held back
 * ({@code muted_flapping}, V10), and the entries muting writes into their alerts' history; a row and its history
 * entries change in one transaction.
 */
final class MuteStore {

    /** A muted group: why, and whether its trigger is still to be sent. */
    record MutedGroup(String why, boolean triggerHeld) {
    }

    /** A flapping notice held back: the fingerprint it is about, and why. */
    record HeldFlap(String fingerprint, String why) {
    }

    static final String MUTED = "MUTED";
    static final String UNMUTED = "UNMUTED";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    MuteStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    Optional<MutedGroup> find(String check, String tier) {
        return jdbc.query("SELECT muted_by, trigger_held FROM muted_group WHERE check_name = ? AND tier = ?",
                (rs, i) -> new MutedGroup(rs.getString(1), rs.getBoolean(2)),
                check, tier).stream().findFirst();
    }

    /** Records the group as muted, and {@code why} on the history of the alerts {@code alertIds}. */
    void mute(AlertGroup group, String why, boolean triggerHeld, Instant at, List<Long> alertIds) {
        tx.executeWithoutResult(status -> {
            Object[] row = {why, time(at), triggerHeld, group.check(), group.tier()};
            if (jdbc.update("UPDATE muted_group SET muted_by = ?, muted_at = ?, trigger_held = ? WHERE check_name = ? AND tier = ?", row) == 0) {
                jdbc.update("INSERT INTO muted_group (muted_by, muted_at, trigger_held, check_name, tier) VALUES (?, ?, ?, ?, ?)", row);
            }
            note(alertIds, MUTED, why, at);
        });
    }

    /** The mute is over: {@code detail} goes on the history of the group's firing alerts. */
    void unmute(AlertGroup group, String detail, Instant at) {
        tx.executeWithoutResult(status -> {
            forget(group.check(), group.tier());
            note(firingAlerts(group), UNMUTED, detail, at);
        });
    }

    /**
     * The mute ended on a group whose trigger it held, and someone acknowledged it meanwhile: the trigger stays held,
     * now {@code why}; {@code detail} goes on the history of the group's firing alerts.
     */
    void hold(AlertGroup group, String why, String detail, Instant at) {
        tx.executeWithoutResult(status -> {
            jdbc.update("UPDATE muted_group SET muted_by = ?, muted_at = ? WHERE check_name = ? AND tier = ?", why, time(at), group.check(),
                    group.tier());
            note(firingAlerts(group), UNMUTED, detail, at);
        });
    }

    void forget(String check, String tier) {
        jdbc.update("DELETE FROM muted_group WHERE check_name = ? AND tier = ?", check, tier);
    }

    Optional<String> heldFlap(String fingerprint) {
        return jdbc.queryForList("SELECT muted_by FROM muted_flapping WHERE fingerprint = ?", String.class, fingerprint).stream().findFirst();
    }

    List<HeldFlap> heldFlaps(String check, String tier) {
        return jdbc.query("SELECT fingerprint, muted_by FROM muted_flapping WHERE check_name = ? AND tier = ? ORDER BY fingerprint",
                (rs, i) -> new HeldFlap(rs.getString(1), rs.getString(2)), check, tier);
    }

    /**
     * One more flapping notice of the fingerprint held back, {@code why} on the history of its alert {@code alertId}. A
     * second one cancels the first (started, then stopped): what people last heard is right again.
     */
    void holdFlap(String check, String tier, String fingerprint, String why, Instant at, long alertId) {
        tx.executeWithoutResult(status -> {
            if (jdbc.update("DELETE FROM muted_flapping WHERE fingerprint = ?", fingerprint) == 0) {
                jdbc.update("INSERT INTO muted_flapping (fingerprint, check_name, tier, muted_by, muted_at) VALUES (?, ?, ?, ?, ?)",
                        fingerprint, check, tier, why, time(at));
            }
            note(List.of(alertId), MUTED, why, at);
        });
    }

    /** The fingerprint's held flapping notice goes out now: {@code detail} on the history of its alert {@code alertId}. */
    void releaseFlap(String fingerprint, String detail, Instant at, long alertId) {
        tx.executeWithoutResult(status -> {
            forgetFlap(fingerprint);
            note(List.of(alertId), UNMUTED, detail, at);
        });
    }

    void forgetFlap(String fingerprint) {
        jdbc.update("DELETE FROM muted_flapping WHERE fingerprint = ?", fingerprint);
    }

    List<Long> firingAlerts(AlertGroup group) {
        return jdbc.queryForList("SELECT id FROM alert WHERE check_name = ? AND tier = ? AND state = 'FIRING' ORDER BY id", Long.class,
                group.check(), group.tier());
    }

    private void note(List<Long> alertIds, String change, String detail, Instant at) {
        String text = detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…";
        jdbc.batchUpdate("INSERT INTO alert_history (alert_id, at, change, severity, detail) SELECT id, ?, ?, severity, ? FROM alert WHERE id = ?",
                alertIds.stream().map(id -> new Object[] {time(at), change, text, id}).toList());
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
