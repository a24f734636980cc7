package com.penguinmails.alerthub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.escalation.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The notification outbox: rows written in the caller's transaction (the alert change that caused them), read back
 * by the relay lane by lane, oldest first, and marked sent, retried later, or dead.
 */
public final class Outbox {

    public enum State { PENDING, SENT, DEAD }

    /** A notification to write: everything the delivery route needs, ready to go. */
    public record Message(Channel channel, String kind, String lane, String check, String tier, String role, String title,
                          String target, String url, Map<String, Object> headers, String body, boolean threadStart) {
    }

    /** A stored notification and how its delivery is going. */
    public record Entry(long id, Instant createdAt, Message message, State state, int attempts, Instant nextAttemptAt,
                        Instant lastAttemptAt, String lastError, boolean fellBack) {
    }

    private static final String COLUMNS = "id, created_at, channel, kind, lane, check_name, tier, role, title, target, url, headers, body,"
            + " thread_start, state, attempts, next_attempt_at, last_attempt_at, last_error, fell_back";
    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final ObjectMapper json = new ObjectMapper();

    public Outbox(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Writes the messages, due now; inside the caller's transaction when one is open. */
    public void add(List<Message> messages, Instant now) {
        for (Message m : messages) {
            jdbc.execute("INSERT INTO outbox (created_at, channel, kind, lane, check_name, tier, role, title, target, url, headers, body,"
                    + " thread_start, state, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)",
                    now, m.channel().name(), m.kind(), m.lane(), m.check(), m.tier(), m.role(), Jdbc.truncate(m.title(), 1000), m.target(),
                    m.url(), toJson(m.headers()), m.body(), m.threadStart(), now);
        }
    }

    /**
     * The oldest due lane heads of one channel whose lane is not in {@code busy}, at most {@code limit}. A lane's head
     * is its oldest pending row: a head that waits for its retry holds everything behind it, which is what keeps an
     * acknowledge or resolve behind its trigger. The channel's pending rows outside the busy lanes are read in id
     * order (an index range scan, a page at a time) only until enough heads are found, and only the chosen rows'
     * bodies: a pump costs about the same with 10 000 rows pending as with ten.
     */
    public List<Entry> dueHeads(Channel channel, Instant now, Collection<String> busy, int limit) {
        List<Long> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int page = Math.max(100, limit);
        long after = 0;
        while (chosen.size() < limit) {
            // ordered as the index is (state, channel, id), so H2 reads it in order instead of sorting every pending row
            List<Pending> rows = jdbc.query("SELECT id, lane, next_attempt_at FROM outbox WHERE state = 'PENDING' AND channel = ? AND id > ?"
                    + " AND lane <> ALL(?) ORDER BY state, channel, id LIMIT ?", new Object[] {channel.name(), after, Jdbc.SqlArray.texts(busy), page},
                    rs -> new Pending(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3)));
            for (Pending r : rows) {
                // the first row of a lane in id order is its head; the rows behind it wait
                if (seen.add(r.lane()) && !r.due().isAfter(now) && chosen.size() < limit) chosen.add(r.id());
            }
            if (rows.size() < page) break;
            after = rows.get(rows.size() - 1).id();
            // many lanes held by retries (a receiver down): larger pages, a few queries for 10 000 rows
            page = Math.min(page * 4, 10_000);
        }
        if (chosen.isEmpty()) return List.of();
        return jdbc.query("SELECT " + COLUMNS + " FROM outbox WHERE id = ANY(?) ORDER BY id", new Object[] {Jdbc.SqlArray.longs(chosen)},
                this::entry);
    }

    private record Pending(long id, String lane, Instant due) {
    }

    /** Marks delivered notifications sent, in one statement. */
    public void sent(List<Long> ids, Instant at) {
        if (ids.isEmpty()) return;
        jdbc.execute("UPDATE outbox SET state = 'SENT', attempts = attempts + 1, last_attempt_at = ?, last_error = NULL WHERE id = ANY(?)",
                at, Jdbc.SqlArray.longs(ids));
    }

    public void retryAt(long id, Instant at, Instant next, String error) {
        jdbc.execute("UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                at, next, Jdbc.truncate(error, 2000), id);
    }

    public void dead(long id, Instant at, String error) {
        jdbc.execute("UPDATE outbox SET state = 'DEAD', attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ?",
                at, Jdbc.truncate(error, 2000), id);
    }

    /** @return false when the row had already fallen back: the fallback is enqueued once */
    public boolean markFellBack(long id) {
        return jdbc.execute("UPDATE outbox SET fell_back = TRUE WHERE id = ? AND fell_back = FALSE", id) > 0;
    }

    /** Makes a dead notification pending again, due now (an operator's retry); it goes in its lane's order by id. */
    public boolean requeue(long id, Instant now) {
        return jdbc.execute("UPDATE outbox SET state = 'PENDING', next_attempt_at = ? WHERE id = ? AND state = 'DEAD'", now, id) > 0;
    }

    public java.util.Optional<Entry> entry(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbox WHERE id = ?", new Object[] {id}, this::entry).stream().findFirst();
    }

    /** The newest notifications in one state, newest first. */
    public List<Entry> inState(State state, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbox WHERE state = ? ORDER BY id DESC", new Object[] {state.name()}, this::entry)
                .stream().limit(limit).toList();
    }

    /** A group's notifications since {@code from}, oldest first: the delivery side of an alert's history. */
    public List<Entry> forGroup(String check, String tier, Instant from) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbox WHERE check_name = ? AND tier = ? AND created_at >= ? ORDER BY id",
                new Object[] {check, tier, from}, this::entry);
    }

    /** How many notifications are pending and dead, per channel. */
    public Map<Channel, Map<State, Integer>> counts() {
        Map<Channel, Map<State, Integer>> counts = new LinkedHashMap<>();
        for (Channel c : Channel.values()) counts.put(c, new LinkedHashMap<>(Map.of(State.PENDING, 0, State.DEAD, 0)));
        jdbc.query("SELECT channel, state, COUNT(*) FROM outbox WHERE state <> 'SENT' GROUP BY channel, state", new Object[0],
                rs -> counts.get(Channel.valueOf(rs.getString(1))).put(State.valueOf(rs.getString(2)), rs.getInt(3)));
        return counts;
    }


    private Entry entry(ResultSet rs) throws SQLException {
        Message m = new Message(Channel.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), fromJson(rs.getString(12)), rs.getString(13),
                rs.getBoolean(14));
        return new Entry(rs.getLong(1), Jdbc.instant(rs, 2), m, State.valueOf(rs.getString(15)), rs.getInt(16), Jdbc.instant(rs, 17),
                Jdbc.instant(rs, 18), rs.getString(19), rs.getBoolean(20));
    }

    private String toJson(Map<String, Object> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write notification headers", e);
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return json.readValue(text, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable notification headers: " + text, e);
        }
    }
}
