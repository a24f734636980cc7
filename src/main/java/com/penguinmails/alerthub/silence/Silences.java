package com.penguinmails.alerthub.silence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.mute.KnownValues;
import com.penguinmails.alerthub.mute.Matcher;
import com.penguinmails.alerthub.mute.Mute;
import com.penguinmails.alerthub.mute.Muting;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** Silences in the state store ({@code silence}, V6): made, listed and expired through the API; asked by the mute gate. */
public final class Silences implements Muting {

    private static final String COLUMNS = "id, matchers, starts_at, ends_at, created_by, comment, created_at";
    /** Shown when a silence has no matcher: a silence that matches everything must be asked for. */
    public static final String MATCHER_EXAMPLE = "\"matchers\": [\"tier=oltp\", \"check=pool-usage\"]";

    private final JdbcTemplate jdbc;
    private final KnownValues known;
    private final ObjectMapper json = new ObjectMapper();

    public Silences(DataSource dataSource, KnownValues known) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.known = known;
    }

    /**
     * A new silence, after checking it: at least one matcher, each naming a known label and a known value (or a valid
     * regex), a window that ends after it starts and after {@code now}, and a comment.
     *
     * @throws IllegalArgumentException with the reason, for the caller to show
     */
    public Silence create(List<String> matcherTexts, Instant startsAt, Instant endsAt, String createdBy, String comment, Instant now) {
        if (matcherTexts.isEmpty()) throw new IllegalArgumentException("a silence needs at least one matcher, e.g. " + MATCHER_EXAMPLE);
        List<Matcher> matchers = matcherTexts.stream().map(t -> Matcher.parse(t).known(known)).toList();
        if (!endsAt.isAfter(startsAt)) throw new IllegalArgumentException("endsAt " + endsAt + " is not after startsAt " + startsAt);
        if (!endsAt.isAfter(now)) throw new IllegalArgumentException("endsAt " + endsAt + " is in the past (now " + now + ")");
        if (comment == null || comment.isBlank()) throw new IllegalArgumentException("a silence needs a comment saying why");
        if (comment.length() > 1000) throw new IllegalArgumentException("the comment is longer than 1000 characters");
        String texts = toJson(matchers.stream().map(Matcher::text).toList());
        if (texts.length() > 4000) throw new IllegalArgumentException("the matchers are longer than 4000 characters together");
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO silence (matchers, starts_at, ends_at, created_by, created_at, comment)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, texts);
            ps.setObject(2, time(startsAt));
            ps.setObject(3, time(endsAt));
            ps.setString(4, createdBy);
            ps.setObject(5, time(now));
            ps.setString(6, comment.strip());
            return ps;
        }, id);
        return find(id.getKey().longValue()).orElseThrow();
    }

    /** Every silence, newest first. */
    public List<Silence> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM silence ORDER BY id DESC", this::silence);
    }

    public Optional<Silence> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM silence WHERE id = ?", this::silence, id).stream().findFirst();
    }

    /** Ends the silence now (a pending one never starts); one that has ended already stays as it was. */
    public Optional<Silence> expire(long id, Instant now) {
        jdbc.update("UPDATE silence SET starts_at = CASE WHEN starts_at > ? THEN ? ELSE starts_at END, ends_at = ? WHERE id = ? AND ends_at > ?",
                time(now), time(now), time(now), id, time(now));
        return find(id);
    }

    /** The oldest silence active at {@code now} that matches the group. */
    @Override
    public Optional<Mute> mutedBy(AlertGroup group, Instant now) {
        return jdbc.query("SELECT " + COLUMNS + " FROM silence WHERE starts_at <= ? AND ends_at > ? ORDER BY id", this::silence, time(now), time(now))
                .stream().filter(s -> s.matches(group)).findFirst().map(Silence::mute);
    }

    private Silence silence(ResultSet rs, int row) throws SQLException {
        // stored matchers were checked when made; values the configuration has dropped since simply match nothing
        List<Matcher> matchers = fromJson(rs.getString(2)).stream().map(Matcher::parse).toList();
        return new Silence(rs.getLong(1), matchers, instant(rs, 3), instant(rs, 4), rs.getString(5), rs.getString(6), instant(rs, 7));
    }

    private String toJson(List<String> texts) {
        try {
            return json.writeValueAsString(texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> fromJson(String text) {
        try {
            return json.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable matchers in the silence table: " + text, e);
        }
    }

    /** Milliseconds, down: the store would round nanoseconds, maybe up, and a silence from now would not have begun yet. */
    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
