package com.penguinmails.alerthub.notify.webhook;

import com.penguinmails.alerthub.notify.GroupNotice;
import java.util.LinkedHashMap;
import java.util.Map;

/** The generic webhook's JSON: one document per notice, stable field names, receivers dedupe on {@code id}. */
public final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /** @param title the rendered {@code webhook.title} template, {@code text} the rendered {@code webhook.text} */
    public static Map<String, Object> payload(GroupNotice n, String role, String title, String text) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", n.id());
        p.put("status", n.status());
        p.put("notice", n.kind().name().toLowerCase());
        p.put("title", title);
        p.put("text", text);
        p.put("summary", n.headline());
        p.put("environment", n.environment());
        p.put("check", n.check());
        p.put("tier", n.tier());
        p.put("source", n.source());
        p.put("incident", n.incident().id());
        p.put("incident_title", n.incident().title());
        p.put("severity", n.severity().label());
        p.put("group_key", n.dedupKey());
        p.put("started_at", n.openedAt().toString());
        p.put("at", n.at().toString());
        p.put("role", role);
        p.put("runbook", n.incident().runbookUrl());
        p.put("rows", n.shown().stream().map(GroupNotice::row).toList());
        p.put("more_rows", n.hidden());
        if (n.resolve()) p.put("resolve_reason", n.resolveReason());
        if (n.ack() != null) {
            p.put("acknowledged_by", n.ack().by());
            p.put("acknowledged_at", n.ack().at().toString());
            p.put("ack_comment", n.ack().comment());
            p.put("time_to_ack_s", n.ack().timeToAck().toSeconds());
        }
        return p;
    }
}
