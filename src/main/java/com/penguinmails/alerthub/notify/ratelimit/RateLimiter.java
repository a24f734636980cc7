package com.penguinmails.alerthub.notify.ratelimit;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.escalation.RateLimit;
import com.penguinmails.alerthub.escalation.Role;
import com.penguinmails.alerthub.notify.GroupNotice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The contact matrix's {@code rate-limit}: a role's window opens with the first notice it hears and lasts {@code per};
 * the first {@code max} notices in it go out, every later one (trigger, update, escalation step or resolve alike) is
 * held, and when the window has ended one summary lists them all ({@link #due}). Windows and held notices are in
 * the store (V8), so a restart keeps both.
 */
public final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final Map<String, RateLimit> limits;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RateLimiter(ContactMatrix matrix, DataSource store, Clock clock) {
        this.limits = matrix.rateLimits();
        this.jdbc = new JdbcTemplate(store);
        this.clock = clock;
    }

    /** A notice a role did not get, as its summary lists it. */
    public record Held(Instant at, String title) {
    }

    /** The notices one role did not get in one window (of length {@code window}) that has ended. */
    public record Summary(Role role, Duration window, List<Held> held) {
    }

    /** Which roles are held back from one notice; the others hear it. */
    public record Admission(List<Role> held) {

        public List<Role> heard(List<Role> roles) {
            return roles.stream().filter(r -> !held.contains(r)).toList();
        }

        /** The addresses that still get the notice: a held role's, unless a role that hears it shares the address. */
        public List<String> keep(List<String> addresses, List<Role> roles, Function<Role, Optional<String>> address) {
            Set<String> heard = heard(roles).stream().flatMap(r -> address.apply(r).stream()).collect(Collectors.toSet());
            Set<String> silenced = held.stream().flatMap(r -> address.apply(r).stream()).filter(a -> !heard.contains(a)).collect(Collectors.toSet());
            return addresses.stream().filter(a -> !silenced.contains(a)).toList();
        }
    }

    /** Counts the notice against each limited role it reaches on these channels; holds it from those over their limit. */
    public synchronized Admission admit(GroupNotice notice, List<Role> roles, List<Channel> channels) {
        Instant now = clock.instant();
        List<Role> held = new ArrayList<>();
        for (Role role : roles) {
            RateLimit limit = limits.get(role.id());
            if (limit == null || !reached(role, channels)) continue;
            List<Object[]> window = jdbc.query("SELECT started_at, sent FROM rate_window WHERE role = ?",
                    (rs, i) -> new Object[] {rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getInt(2)}, role.id());
            Instant start = window.isEmpty() ? null : (Instant) window.get(0)[0];
            if (start == null || !now.isBefore(start.plus(limit.per()))) {
                if (jdbc.update("UPDATE rate_window SET started_at = ?, sent = 1 WHERE role = ?", utc(now), role.id()) == 0) {
                    jdbc.update("INSERT INTO rate_window (role, started_at, sent) VALUES (?, ?, 1)", role.id(), utc(now));
                }
            } else if ((Integer) window.get(0)[1] < limit.max()) {
                jdbc.update("UPDATE rate_window SET sent = sent + 1 WHERE role = ?", role.id());
            } else {
                jdbc.update("INSERT INTO rate_held (role, window_started_at, held_at, title) VALUES (?, ?, ?, ?)",
                        role.id(), utc(start), utc(now), notice.title());
                held.add(role);
            }
        }
        return new Admission(held);
    }

    /** The summaries of every window that has ended with notices held, each handed out once (and forgotten). */
    public synchronized List<Summary> due(Map<String, Role> roles) {
        Instant now = clock.instant();
        List<Summary> due = new ArrayList<>();
        List<Object[]> windows = jdbc.query("SELECT DISTINCT role, window_started_at FROM rate_held ORDER BY window_started_at",
                (rs, i) -> new Object[] {rs.getString(1), rs.getObject(2, OffsetDateTime.class)});
        for (Object[] w : windows) {
            String role = (String) w[0];
            RateLimit limit = limits.get(role);
            // a role no longer limited (or no longer in the matrix) gets what it was owed at once
            Instant start = ((OffsetDateTime) w[1]).toInstant();
            if (limit != null && now.isBefore(start.plus(limit.per()))) continue;
            List<Held> held = jdbc.query("SELECT held_at, title FROM rate_held WHERE role = ? AND window_started_at = ? ORDER BY id",
                    (rs, i) -> new Held(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2)), role, w[1]);
            jdbc.update("DELETE FROM rate_held WHERE role = ? AND window_started_at = ?", role, w[1]);
            Duration window = limit != null ? limit.per() : Duration.between(start, now);
            Optional.ofNullable(roles.get(role)).ifPresentOrElse(r -> due.add(new Summary(r, window, held)),
                    () -> LOG.warn("{} notice(s) held for role '{}', which is no longer in the contact matrix: dropped", held.size(), role));
        }
        return due;
    }

    private static boolean reached(Role role, List<Channel> channels) {
        return channels.contains(Channel.EMAIL) && role.email().isPresent() || channels.contains(Channel.PAGER) && role.pagerKey().isPresent()
                || channels.contains(Channel.WEBHOOK) && role.webhook().isPresent();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
