package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.alert.Fingerprint;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the harness's receivers got for one notification group (check + tier): PagerDuty events by dedup key,
 * emails by subject. GreenMail keeps one copy per recipient; {@link #emails} collapses them by Message-ID.
 */
public final class Received {

    private final HubHarness h;

    public Received(HubHarness h) {
        this.h = h;
    }

    /** Accepted PagerDuty events of the group with this action (trigger, resolve). */
    private static final String FALLBACK = "[DELIVERY FAILED] ";

    public List<Map<String, Object>> pager(String check, String tier, String action) {
        String dedup = Fingerprint.group(check, tier);
        return h.pager.accepted(action).stream().filter(e -> dedup.equals(e.get("dedup_key"))).toList();
    }

    /** Every accepted PagerDuty event with this action, whatever the group. */
    public List<Map<String, Object>> pager(String action) {
        return h.pager.accepted(action);
    }

    /** Distinct trigger emails of the group (one per Message-ID, however many recipients). */
    public List<MimeMessage> triggerEmails(String check, String tier) {
        return distinct(copies(check, tier).stream().filter(m -> !subject(m).contains("[RESOLVED]") && !subject(m).contains("[UPDATE]")
                && !subject(m).contains("[ACKNOWLEDGED]") && !subject(m).contains("[FLAPPING") && !subject(m).startsWith(FALLBACK)).toList());
    }

    /** Emails the hub sent because another channel kept failing for the group (one copy per recipient). */
    public List<MimeMessage> fallbackEmails(String check, String tier) {
        return copies(check, tier).stream().filter(m -> subject(m).startsWith(FALLBACK)).toList();
    }

    /** Distinct resolve emails of the group. */
    public List<MimeMessage> resolveEmails(String check, String tier) {
        return distinct(copies(check, tier).stream().filter(m -> subject(m).contains("[RESOLVED]")).toList());
    }

    /** Every copy GreenMail holds of the group's emails (one per recipient per email). */
    public List<MimeMessage> copies(String check, String tier) {
        return Arrays.stream(h.mail.getReceivedMessages())
                .filter(m -> subject(m).endsWith(") " + check) && subject(m).contains(": " + tier + " (")).toList();
    }

    /** Webhook notices of the group (the global webhook's), by {@code notice}: trigger, update, escalate, resolve. */
    public List<Map<String, Object>> webhooks(String check, String tier, String notice) {
        return h.webhook.received().stream().map(WebhookReceiver.Received::body)
                .filter(b -> check.equals(b.get("check")) && tier.equals(b.get("tier")) && notice.equals(b.get("notice"))).toList();
    }

    /** PostHog events of the group with this name (db_alert_triggered, db_alert_resolved, db_health_sample). */
    public List<Map<String, Object>> posthog(String check, String tier, String event) {
        return h.posthog.events(event).stream().filter(e -> e.get("properties") instanceof Map<?, ?> p
                && check.equals(p.get("check")) && tier.equals(p.get("tier"))).toList();
    }

    /**
     * The group's whole lifecycle as the receivers saw it: both routing keys paged once to trigger and once to
     * resolve, nothing else paged, and one trigger email answered by one resolve email.
     */
    public void assertPagedAndMailedOnceEachWay(String check, String tier) {
        assertThat(pager(check, tier, "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(pager(check, tier, "resolve")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(h.pager.accepted()).as("nothing else paged").hasSize(4);
        List<MimeMessage> triggers = triggerEmails(check, tier);
        List<MimeMessage> resolves = resolveEmails(check, tier);
        assertThat(triggers).hasSize(1);
        assertThat(resolves).hasSize(1);
        assertThat(header(resolves.get(0), "In-Reply-To")).isEqualTo(messageId(triggers.get(0)));
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part of an email (decoded), as a person reading it in a text client sees it. */
    public static String text(MimeMessage m) {
        try {
            return textOf(m.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textOf(Object content) throws Exception {
        if (content instanceof String s) return s;
        if (content instanceof jakarta.mail.Multipart multi) {
            for (int i = 0; i < multi.getCount(); i++) {
                jakarta.mail.BodyPart part = multi.getBodyPart(i);
                if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) return textOf(part.getContent());
            }
        }
        return "";
    }

    /** The first value of a header, or null. */
    public static String header(MimeMessage m, String name) {
        try {
            String[] values = m.getHeader(name);
            return values == null ? null : values[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One message per Message-ID, the first of each, in arrival order. */
    public static List<MimeMessage> distinct(List<MimeMessage> messages) {
        Map<String, MimeMessage> byId = new LinkedHashMap<>();
        messages.forEach(m -> byId.putIfAbsent(messageId(m), m));
        return List.copyOf(byId.values());
    }
}
