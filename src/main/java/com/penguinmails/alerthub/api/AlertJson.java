package com.penguinmails.alerthub.api;

import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertGroup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How an alert looks in API answers. */
final class AlertJson {

    private AlertJson() {
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("fingerprint", a.fingerprint());
        m.put("check", a.check());
        m.put("tier", a.tier());
        m.put("key", a.key());
        m.put("incident", a.incident());
        m.put("state", a.state().name().toLowerCase());
        m.put("severity", a.severity().label());
        m.put("column", a.valueColumn());
        m.put("value", a.lastValue());
        m.put("threshold", a.threshold());
        m.put("firstSeen", text(a.firstSeen()));
        m.put("lastSeen", text(a.lastSeen()));
        m.put("firedAt", text(a.firedAt()));
        m.put("resolvedAt", text(a.resolvedAt()));
        m.put("resolveReason", a.resolveReason());
        return m;
    }

    /**
     * A (check, tier)'s run state: {@code ok}, {@code check_failed} (with the error and since when) or {@code not run yet}
     * when it never ran.
     */
    static Map<String, Object> checkState(String check, String tier, Optional<AlertGroup> group) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("tier", tier);
        m.put("state", group.map(g -> g.checkFailed() ? "check_failed" : "ok").orElse("not run yet"));
        group.ifPresent(g -> {
            m.put("lastRunAt", text(g.lastRunAt()));
            if (g.checkFailed()) {
                m.put("error", g.lastError());
                m.put("since", text(g.failedSince()));
            }
        });
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
