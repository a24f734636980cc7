package com.penguinmails.alerthub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.penguinmails.alerthub.mute.Matcher;
import com.penguinmails.alerthub.silence.Silence;
import com.penguinmails.alerthub.silence.Silences;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/silences} (operator) makes a silence; {@code GET /api/silences} (viewer) lists every silence with
 * its state (pending, active, expired), newest first; {@code DELETE /api/silences/{id}} (operator) expires one now.
 * The author is the API token's name. Every refusal is a 400 that says what is wrong.
 */
public final class SilenceApi {

    static final String EXAMPLE = "{\"matchers\": [\"tier=olap\", \"check=pool-usage\"], \"endsAt\": \"2026-11-25T12:00:00Z\","
            + " \"comment\": \"resizing the pool\"}";
    private static final Set<String> FIELDS = new TreeSet<>(Set.of("matchers", "startsAt", "endsAt", "comment"));

    private final Silences silences;
    private final Clock clock;

    public SilenceApi(Silences silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    public Map<String, Object> create(Exchange exchange) {
        // platform-http turns a form (what curl -d sends by default) into headers: the JSON would be lost without a word
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "send the silence as JSON with 'Content-Type: application/json', not as a form");
        }
        JsonNode body = JsonBody.object(exchange, EXAMPLE, "");
        if (body == null) throw new ApiException(400, "a silence needs a JSON body like " + EXAMPLE);
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw new ApiException(400, "unknown field '" + f + "' (fields: " + String.join(", ", FIELDS) + ")");
        });
        Instant now = clock.instant();
        Instant startsAt = body.hasNonNull("startsAt") ? time(body, "startsAt") : now;
        if (!body.hasNonNull("endsAt")) throw new ApiException(400, "a silence needs endsAt, an ISO-8601 time like 2026-11-25T12:00:00Z");
        Instant endsAt = time(body, "endsAt");
        String comment = body.hasNonNull("comment") ? body.get("comment").asText() : null;
        String by = exchange.getProperty(ApiAuth.CALLER, "?", String.class);
        try {
            Silence made = silences.create(matchers(body), startsAt, endsAt, by, comment, now);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
            return json(made, now);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    public List<Map<String, Object>> list() {
        Instant now = clock.instant();
        return silences.all().stream().map(s -> json(s, now)).toList();
    }

    /** Ends the silence now; what it held back goes out on the next escalation tick. Expiring twice is harmless. */
    public Map<String, Object> expire(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Silence silence = AlertApi.parseId(id).flatMap(silences::find).orElseThrow(() -> new ApiException(404, "unknown silence '" + id + "'"));
        Instant now = clock.instant();
        boolean already = silence.state(now) == Silence.State.EXPIRED;
        Map<String, Object> out = json(silences.expire(silence.id(), now).orElseThrow(), now);
        out.put("already", already);
        return out;
    }

    private static List<String> matchers(JsonNode body) {
        JsonNode node = body.get("matchers");
        if (node == null || node.isNull()) return List.of();
        List<String> texts = new ArrayList<>();
        node.forEach(item -> texts.add(item.isTextual() ? item.asText() : null));
        if (!node.isArray() || texts.contains(null)) {
            throw new ApiException(400, "matchers is a list of texts, e.g. " + Silences.MATCHER_EXAMPLE);
        }
        return texts;
    }

    private static Instant time(JsonNode body, String field) {
        String text = body.get(field).asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(400, field + " '" + text + "' is not an ISO-8601 time like 2026-11-25T12:00:00Z");
        }
    }

    private static Map<String, Object> json(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", s.state(now).label());
        m.put("matchers", s.matchers().stream().map(Matcher::text).toList());
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("createdBy", s.createdBy());
        m.put("createdAt", s.createdAt().toString());
        m.put("comment", s.comment());
        return m;
    }
}
