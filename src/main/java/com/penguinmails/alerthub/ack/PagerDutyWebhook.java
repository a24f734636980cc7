package com.penguinmails.alerthub.ack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.api.ApiException;
import com.penguinmails.alerthub.store.AlertStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/pagerduty/webhook}: PagerDuty Webhooks v3. Each delivery is signed ({@code X-PagerDuty-Signature:
 * v1=<hex HMAC-SHA256 of the raw body>}, several comma-separated during a secret rotation); an unsigned or wrongly
 * signed one is refused with 401 and changes nothing. {@code incident.acknowledged} for one of our incidents
 * acknowledges its group as {@code <agent> (PagerDuty)}. Our incidents are found by {@code event.data.incident_key}:
 * for an incident opened through Events v2 it is the {@code dedup_key} of the event that opened it, which is the group's
 * key. Everything else answers 200 and is ignored, since PagerDuty retries any other status.
 */
public final class PagerDutyWebhook {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ACKNOWLEDGED = "incident.acknowledged";

    private final String secret;
    private final AlertStore store;
    private final Acknowledgements acks;

    public PagerDutyWebhook(String secret, AlertStore store, Acknowledgements acks) {
        this.secret = secret;
        this.store = store;
        this.acks = acks;
    }

    public Map<String, Object> receive(Exchange exchange) {
        if (secret.isBlank()) {
            throw new ApiException(503, "the PagerDuty webhook is off: set hub.pager.webhook-secret to the webhook subscription's secret and restart");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        verify(exchange.getMessage().getHeader("X-PagerDuty-Signature", String.class), body == null ? new byte[0] : body);
        JsonNode event;
        try {
            event = JSON.readTree(body).path("event");
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(400, "the body is not PagerDuty webhook JSON: " + e.getMessage());
        }
        String type = event.path("event_type").asText("");
        if (!type.equals(ACKNOWLEDGED)) return ignored("event type '" + type + "' is not acted on (only " + ACKNOWLEDGED + ")");
        String key = event.path("data").path("incident_key").asText("");
        Optional<AlertGroup> group = store.groups().stream().filter(g -> g.firing() && g.dedupKey().equals(key)).findFirst();
        if (group.isEmpty()) return ignored("incident_key '" + key + "' is not a firing alert group of this hub");
        String agent = event.path("agent").path("summary").asText("");
        String by = (agent.isBlank() ? "someone" : agent) + " (PagerDuty)";
        Optional<Acknowledgements.Outcome> outcome = acks.acknowledge(group.get().check(), group.get().tier(), by, null);
        if (outcome.isEmpty()) return ignored("the group resolved meanwhile");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("acknowledged", true);
        out.put("check", group.get().check());
        out.put("tier", group.get().tier());
        out.put("by", outcome.get().ack().by());
        out.put("already", !outcome.get().now());
        outcome.get().describeNotified(out);
        return out;
    }

    /** At least one {@code v1=} signature must be ours; compared in constant time. */
    private void verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "missing X-PagerDuty-Signature header: PagerDuty v3 webhooks are signed; nothing was acknowledged");
        }
        byte[] expected = ("v1=" + HexFormat.of().formatHex(Hmac.sha256(secret, body))).getBytes(StandardCharsets.US_ASCII);
        for (String signature : header.split(",")) {
            if (MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) return;
        }
        throw new ApiException(401, "X-PagerDuty-Signature does not match the body signed with hub.pager.webhook-secret; nothing was acknowledged");
    }

    private static Map<String, Object> ignored(String why) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("acknowledged", false);
        out.put("ignored", why);
        return out;
    }
}
