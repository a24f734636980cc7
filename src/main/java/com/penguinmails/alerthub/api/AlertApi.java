package com.penguinmails.alerthub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertState;
import com.penguinmails.alerthub.escalation.EscalationState;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/alerts/{id}}: an alert and its history. {@code POST /api/alerts/{id}/ack} with an optional
 * {@code {"comment": "..."}}: whoever holds an operator token takes the alert's group; its escalation stops.
 * Acknowledging twice is harmless.
 */
public final class AlertApi {

    private final AlertStore store;
    private final Clock clock;

    public AlertApi(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code GET /api/alerts/{id}}: the alert and its history, every transition and acknowledgement in order. */
    public Map<String, Object> get(Exchange exchange) {
        Alert alert = alert(exchange);
        Map<String, Object> out = AlertJson.alert(alert);
        out.put("history", store.history(alert.id()).stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("change", e.change().toLowerCase());
            m.put("severity", e.severity().label());
            m.put("actor", e.actor());
            m.put("detail", e.detail());
            return m;
        }).toList());
        return out;
    }

    public Map<String, Object> ack(Exchange exchange) {
        Alert alert = alert(exchange);
        if (alert.state() == AlertState.RESOLVED) {
            throw new ApiException(409, "alert " + alert.id() + " is resolved (" + alert.resolveReason() + "): nothing to acknowledge");
        }
        if (alert.state() == AlertState.PENDING) {
            throw new ApiException(409, "alert " + alert.id() + " is pending: nobody has been notified yet");
        }
        String comment = comment(exchange);
        String by = exchange.getProperty(ApiAuth.CALLER, "?", String.class);
        boolean now = store.acknowledge(alert.check(), alert.tier(), clock.instant(), by, comment);
        Instant at = store.escalation(alert.check(), alert.tier()).map(EscalationState::acknowledgedAt).orElse(clock.instant());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", alert.id());
        out.put("check", alert.check());
        out.put("tier", alert.tier());
        out.put("acknowledged", true);
        out.put("acknowledgedAt", at == null ? null : at.toString());
        out.put("already", !now);
        out.put("by", by);
        return out;
    }

    private Alert alert(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return parseId(id).flatMap(store::alert).orElseThrow(() -> new ApiException(404, "unknown alert '" + id + "'"));
    }

    private static java.util.Optional<Long> parseId(String id) {
        try {
            return java.util.Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String comment(Exchange exchange) {
        JsonNode body = JsonBody.object(exchange, "{\"comment\": \"on it\"}", "");
        return body != null && body.hasNonNull("comment") ? body.get("comment").asText() : null;
    }
}
