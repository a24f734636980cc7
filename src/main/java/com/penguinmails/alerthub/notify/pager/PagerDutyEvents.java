package com.penguinmails.alerthub.notify.pager;

import com.penguinmails.alerthub.notify.GroupNotice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty Events API v2 bodies. One incident per group: {@code dedup_key} is the group's stable key, the rows'
 * keys travel in {@code custom_details}. The hub owns escalation, so the PagerDuty service should have a
 * single-level escalation policy.
 */
public final class PagerDutyEvents {

    static final int MAX_SUMMARY = 1024;

    private PagerDutyEvents() {
    }

    /** @param summary the rendered {@code pager.summary} template; cut to PagerDuty's 1024 characters here */
    public static Map<String, Object> event(GroupNotice n, String routingKey, String summary) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        String action = switch (n.kind()) {
            case RESOLVE -> "resolve";
            case ACKNOWLEDGE -> "acknowledge";
            default -> "trigger";
        };
        event.put("event_action", action);
        event.put("dedup_key", n.dedupKey());
        // acknowledge and resolve name the incident by dedup_key only: PagerDuty ignores a payload there
        if (action.equals("trigger")) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 1) + "…");
            payload.put("source", n.source());
            payload.put("severity", n.severity().pagerDutySeverity());
            payload.put("timestamp", n.at().toString());
            payload.put("component", n.tier());
            payload.put("group", n.check());
            payload.put("class", n.incident().title());
            payload.put("custom_details", details(n));
            event.put("payload", payload);
            event.put("links", List.of(Map.of("href", n.incident().runbookUrl(), "text", "Runbook: " + n.incident().title())));
        }
        return event;
    }

    private static Map<String, Object> details(GroupNotice n) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("check", n.check());
        d.put("tier", n.tier());
        d.put("incident", n.incident().id());
        d.put("started", n.openedAt().toString());
        d.put("rows", n.shown().stream().map(GroupNotice::row).toList());
        if (n.hidden() > 0) d.put("more_rows", n.hidden());
        d.put("first_response", n.incident().firstResponse());
        return d;
    }
}
