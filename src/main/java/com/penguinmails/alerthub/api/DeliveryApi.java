package com.penguinmails.alerthub.api;

import com.penguinmails.alerthub.notify.OutboxRelay;
import com.penguinmails.alerthub.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/deliveries?state=dead|pending|sent}: the outbox, newest first (dead letters by default: what ops
 * must look at). {@code POST /api/deliveries/{id}/retry}: a dead notification goes out again. Targets (routing keys,
 * addresses) are never shown: the role says who it was for.
 */
public final class DeliveryApi {

    private static final int LIMIT = 200;

    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;

    public DeliveryApi(Outbox outbox, OutboxRelay relay, Clock clock) {
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    public List<Map<String, Object>> list(Exchange exchange) {
        String state = exchange.getMessage().getHeader("state", "dead", String.class);
        Outbox.State wanted = Arrays.stream(Outbox.State.values()).filter(s -> s.name().equalsIgnoreCase(state)).findFirst()
                .orElseThrow(() -> new ApiException(400, "unknown state '" + state + "' (expected "
                        + Arrays.stream(Outbox.State.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")"));
        return outbox.inState(wanted, LIMIT).stream().map(DeliveryApi::json).toList();
    }

    public Map<String, Object> retry(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Outbox.Entry e = AlertApi.parseId(id).flatMap(outbox::entry).orElseThrow(() -> new ApiException(404, "unknown delivery '" + id + "'"));
        if (!outbox.requeue(e.id(), clock.instant())) {
            throw new ApiException(409, "delivery " + e.id() + " is " + e.state().name().toLowerCase(Locale.ROOT) + ": only a dead one is retried");
        }
        relay.wake();
        return json(outbox.entry(e.id()).orElseThrow());
    }

    /** One notification as ops see it: what, to whom (role), on which channel, and how delivering it went. */
    static Map<String, Object> json(Outbox.Entry e) {
        Outbox.Message m = e.message();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("createdAt", text(e.createdAt()));
        out.put("channel", m.channel().label());
        out.put("kind", m.kind());
        out.put("check", m.check());
        out.put("tier", m.tier());
        out.put("role", m.role());
        out.put("title", m.title());
        out.put("state", e.state().name().toLowerCase(Locale.ROOT));
        out.put("attempts", e.attempts());
        out.put("lastAttemptAt", text(e.lastAttemptAt()));
        if (e.state() == Outbox.State.PENDING) out.put("nextAttemptAt", text(e.nextAttemptAt()));
        out.put("lastError", e.lastError());
        out.put("fellBack", e.fellBack());
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
