package com.penguinmails.alerthub.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History retention ({@code hub.store.retention}): what is done with and older than the retention is deleted, in one
 * transaction. Notifications that were sent or are dead, by their last attempt; resolved alerts with their history,
 * by when they resolved. Pending notifications are never deleted, however old: they are still owed to someone.
 * Open alerts, groups, silences and flap states stay (they are current state, not history).
 */
public final class Retention {

    /** How many rows one purge deleted. */
    public record Purged(int notifications, int alerts, int history) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Jdbc jdbc;
    private final Duration retention;
    private final Clock clock;

    public Retention(DataSource dataSource, Duration retention, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.retention = retention;
        this.clock = clock;
    }

    public Purged purge() {
        Instant before = clock.instant().minus(retention);
        Purged purged = jdbc.inTransaction(() -> {
            int notifications = jdbc.execute("DELETE FROM outbox WHERE state IN ('SENT', 'DEAD') AND last_attempt_at < ?", before);
            int history = jdbc.execute("DELETE FROM alert_history WHERE alert_id IN"
                    + " (SELECT id FROM alert WHERE state = 'RESOLVED' AND resolved_at < ?)", before);
            int alerts = jdbc.execute("DELETE FROM alert WHERE state = 'RESOLVED' AND resolved_at < ?", before);
            return new Purged(notifications, alerts, history);
        });
        LOG.info("retention: deleted {} sent or dead notification(s), {} resolved alert(s) and {} history entr(ies) older than {}",
                purged.notifications(), purged.alerts(), purged.history(), before);
        return purged;
    }
}
