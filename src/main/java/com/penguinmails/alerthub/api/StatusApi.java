package com.penguinmails.alerthub.api;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.check.Reachability;
import com.penguinmails.alerthub.config.HubSettings;
import com.penguinmails.alerthub.notify.ChannelHealth;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.store.Outbox;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * {@code GET /health}: is the hub running its checks, is each tier reachable, is each channel delivering.
 * {@code GET /api/alerts}: what is open now, and whether the check behind each alert fails. Nothing secret is shown.
 */
public final class StatusApi {

    private final CamelContext camel;
    private final HubSettings settings;
    private final Reachability reachability;
    private final ChannelHealth channels;
    private final AlertStore store;
    private final Outbox outbox;

    public StatusApi(CamelContext camel, HubSettings settings, Reachability reachability, ChannelHealth channels, AlertStore store,
                     Outbox outbox) {
        this.outbox = outbox;
        this.camel = camel;
        this.settings = settings;
        this.reachability = reachability;
        this.channels = channels;
        this.store = store;
    }

    public Map<String, Object> health(Exchange exchange) {
        long checkRoutes = camel.getRoutes().stream().filter(r -> r.getEndpoint().getEndpointUri().startsWith("quartz://checks/")).count();
        // a hub without check routes watches nothing: that is not UP
        boolean up = camel.isStarted() && checkRoutes > 0;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", up ? "UP" : "DOWN");
        h.put("environment", settings.environment());
        h.put("routes", camel.getRoutes().size());
        h.put("checkRoutes", checkRoutes);
        Map<String, Object> tiers = new LinkedHashMap<>();
        settings.tiers().values().forEach(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", t.hostAndDatabase());
            reachability.state(t.name()).ifPresentOrElse(s -> {
                m.put("state", s.reachable() ? "reachable" : s.down() ? "down" : "failing");
                m.put("failedProbes", s.failedProbes());
                m.put("lastError", s.lastError());
                m.put("since", s.lastChange().toString());
            }, () -> m.put("state", "unknown (not checked yet)"));
            tiers.put(t.name(), m);
        });
        h.put("tiers", tiers);
        Map<String, Object> ch = new LinkedHashMap<>();
        Map<Channel, Map<Outbox.State, Integer>> queued = outbox.counts();
        channels.snapshot().forEach((c, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", s.status());
            m.put("delivered", s.delivered());
            m.put("failed", s.failed());
            m.put("retried", s.retried());
            // what the outbox holds: waiting to go (incl. retries), and given up on (GET /api/deliveries?state=dead)
            m.put("pending", queued.get(c).get(Outbox.State.PENDING));
            m.put("dead", queued.get(c).get(Outbox.State.DEAD));
            if (s.lastError() != null) m.put("lastError", s.lastError());
            if (s.lastFailure() != null) m.put("lastFailure", s.lastFailure().toString());
            ch.put(c.label(), m);
        });
        h.put("channels", ch);
        List<AlertGroup> groups = store.groups();
        h.put("firingGroups", groups.stream().filter(AlertGroup::firing).map(g -> g.check() + "/" + g.tier() + " " + g.severity().label()).toList());
        h.put("staleGroups", groups.stream().filter(AlertGroup::stale).map(g -> g.check() + "/" + g.tier() + ": " + g.lastError()).toList());
        h.put("checkFailed", checkFailed(groups));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        return h;
    }

    /**
     * Open alerts, each saying whether it flaps and its check's state: {@code checkState} is {@code check_failed} (with
     * {@code checkError} and {@code checkFailedSince}) while the check that raised it fails, else {@code ok}.
     */
    public List<Map<String, Object>> alerts() {
        Set<String> flapping = store.flappingFingerprints();
        Map<String, AlertGroup> groups = new HashMap<>();
        store.groups().forEach(g -> groups.put(g.check() + "\u0000" + g.tier(), g));
        return store.openAlerts().stream().map(a -> {
            Map<String, Object> m = AlertJson.alert(a);
            m.put("flapping", flapping.contains(a.fingerprint()));
            AlertGroup g = groups.get(a.check() + "\u0000" + a.tier());
            boolean failed = g != null && g.checkFailed();
            m.put("checkState", failed ? "check_failed" : "ok");
            if (failed) {
                m.put("checkError", g.lastError());
                m.put("checkFailedSince", g.failedSince().toString());
            }
            return m;
        }).toList();
    }

    private static List<Map<String, Object>> checkFailed(List<AlertGroup> groups) {
        return groups.stream().filter(AlertGroup::checkFailed).map(g -> AlertJson.checkState(g.check(), g.tier(), Optional.of(g))).toList();
    }
}
