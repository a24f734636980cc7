package com.penguinmails.alerthub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.penguinmails.alerthub.ack.Acknowledgements;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertState;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.store.Outbox;
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
    private final Outbox outbox;
    private final Acknowledgements acks;

    public AlertApi(AlertStore store, Outbox outbox, Acknowledgements acks) {
        this.store = store;
        this.outbox = outbox;
        this.acks = acks;
    }

    /**
     * {@code GET /api/alerts/{id}}: the alert and its history, every transition and acknowledgement in order, and the
     * notifications of its group with how their delivery went.
     */
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
        // every notification of its group since the alert opened: attempts, state, last error
        out.put("notifications", outbox.forGroup(alert.check(), alert.tier(), alert.firstSeen()).stream().map(DeliveryApi::json).toList());
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
        Acknowledgements.Outcome outcome = acks.acknowledge(alert.check(), alert.tier(), by, comment)
                .orElseThrow(() -> new ApiException(409, "alert " + alert.id() + " resolved just now: nothing to acknowledge"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", alert.id());
        out.put("check", alert.check());
        out.put("tier", alert.tier());
        out.put("acknowledged", true);
        out.put("acknowledgedAt", outcome.ack().at().toString());
        out.put("already", !outcome.now());
        out.put("by", outcome.ack().by());
        outcome.describeNotified(out);
        return out;
    }

    private Alert alert(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return parseId(id).flatMap(store::alert).orElseThrow(() -> new ApiException(404, "unknown alert '" + id + "'"));
    }

    static java.util.Optional<Long> parseId(String id) {
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
