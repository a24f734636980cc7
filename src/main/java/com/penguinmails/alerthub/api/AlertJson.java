package com.penguinmails.alerthub.api;

import com.penguinmails.alerthub.alert.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
