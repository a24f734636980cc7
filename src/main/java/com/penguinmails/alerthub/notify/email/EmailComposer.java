package com.penguinmails.alerthub.notify.email;

import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.notify.GroupNotice;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The email for a notice: a subject a person can triage from the lock screen, a plain-text body and the same as
 * HTML. Only values are inserted, never templates, so no message can carry a literal placeholder.
 */
public final class EmailComposer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ZoneId zone;

    public EmailComposer(ZoneId zone) {
        this.zone = zone;
    }

    public record Email(String subject, String text, String html) {
    }

    /** A signed acknowledge link for one recipient of the email. */
    public record AckLink(String recipient, String url) {
    }

    /** @param links one per recipient, shown on firing notices (empty: none) */
    public Email compose(GroupNotice n, List<AckLink> links) {
        return new Email(n.title(), text(n, links), html(n, links));
    }

    /** A message that is only text (the hub's own notes, such as a delivery that failed), with the same as HTML. */
    public static Email plain(String subject, String text) {
        return new Email(subject, text, "<pre style=\"font-family:sans-serif\">" + esc(text) + "</pre>");
    }

    private String acknowledged(GroupNotice n) {
        return "Acknowledged " + n.ack().describe() + " at " + times(n.ack().at()) + ", " + human(n.ack().timeToAck())
                + " after the first notification";
    }

    private String text(GroupNotice n, List<AckLink> links) {
        StringBuilder b = new StringBuilder();
        b.append(n.title()).append("\n\n");
        if (n.ack() != null) b.append(acknowledged(n)).append("\n\n");
        if (!links.isEmpty()) {
            b.append("Acknowledge (stops the escalation; the link opens a confirmation page):\n");
            links.forEach(l -> b.append("  as ").append(l.recipient()).append(": ").append(l.url()).append('\n'));
            b.append('\n');
        }
        if (!n.escalation().isEmpty()) b.append("Escalation: step ").append(n.step()).append(", ").append(n.escalation()).append('\n');
        b.append(n.resolve() ? "RESOLVED: " + n.resolveReason() : "What: " + n.headline()).append('\n');
        b.append("Check: ").append(n.check()).append(n.description().isEmpty() ? "" : " - " + n.description()).append('\n');
        b.append("Tier: ").append(n.tier()).append(" (").append(n.source()).append(")\n");
        b.append("Incident: ").append(n.incident().title()).append(", respond within ").append(human(n.incident().respondWithin())).append('\n');
        b.append("Started: ").append(times(n.openedAt())).append('\n');
        b.append(n.resolve() ? "Resolved: " : "Now: ").append(times(n.at())).append('\n');
        b.append("Duration: ").append(human(n.duration())).append("\n\n");
        b.append(n.resolve() ? "Rows (last values):\n" : "Rows (worst first):\n");
        for (Alert a : n.shown()) b.append("  - ").append(row(a)).append("\n      ").append(a.rowJson()).append('\n');
        if (n.hidden() > 0) b.append("  ... and ").append(n.hidden()).append(" more\n");
        if (!n.resolve()) {
            b.append("\nFirst response:\n").append(indent(n.incident().firstResponse())).append('\n');
        }
        b.append("\nRunbook: ").append(n.incident().runbookUrl()).append('\n');
        b.append("Group: ").append(n.dedupKey()).append('\n');
        for (Alert a : n.shown()) b.append("Fingerprint: ").append(a.fingerprint()).append('\n');
        return b.toString();
    }

    private String html(GroupNotice n, List<AckLink> links) {
        StringBuilder b = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
        b.append("<h2>").append(esc(n.title())).append("</h2>");
        if (n.ack() != null) b.append("<p><b>").append(esc(acknowledged(n))).append("</b></p>");
        if (!links.isEmpty()) {
            b.append("<p>Acknowledge (stops the escalation):");
            links.forEach(l -> b.append(" <a href=\"").append(esc(l.url())).append("\">as ").append(esc(l.recipient())).append("</a>"));
            b.append("</p>");
        }
        b.append("<p><b>").append(n.resolve() ? "RESOLVED: " + esc(n.resolveReason()) : esc(n.headline())).append("</b></p>");
        b.append("<table>");
        if (!n.escalation().isEmpty()) cell(b, "Escalation", "step " + n.step() + ", " + n.escalation());
        cell(b, "Check", n.check() + (n.description().isEmpty() ? "" : " - " + n.description()));
        cell(b, "Tier", n.tier() + " (" + n.source() + ")");
        cell(b, "Incident", n.incident().title() + ", respond within " + human(n.incident().respondWithin()));
        cell(b, "Started", times(n.openedAt()));
        cell(b, n.resolve() ? "Resolved" : "Now", times(n.at()));
        cell(b, "Duration", human(n.duration()));
        b.append("</table><h3>Rows</h3><ul>");
        for (Alert a : n.shown()) {
            b.append("<li>").append(esc(row(a))).append("<br><code>").append(esc(a.rowJson())).append("</code></li>");
        }
        if (n.hidden() > 0) b.append("<li>... and ").append(n.hidden()).append(" more</li>");
        b.append("</ul>");
        if (!n.resolve()) b.append("<h3>First response</h3><pre>").append(esc(n.incident().firstResponse())).append("</pre>");
        b.append("<p><a href=\"").append(esc(n.incident().runbookUrl())).append("\">Runbook</a></p>");
        b.append("<p style=\"color:#888\">Group ").append(esc(n.dedupKey())).append("</p></body></html>");
        return b.toString();
    }

    /** {@code key: column = value (severity threshold)}. */
    public static String row(Alert a) {
        String key = a.key().isEmpty() ? "" : a.key() + ": ";
        return key + a.valueColumn() + " = " + a.lastValue() + " (" + a.severity().label() + " " + a.threshold() + ")";
    }

    /** In hub.timezone and in UTC: the reader may be anywhere, the logs are in UTC. */
    public String times(Instant t) {
        String utc = UTC_TIME.format(t.atZone(ZoneOffset.UTC)) + " UTC";
        return zone.normalized().equals(ZoneOffset.UTC) ? utc : TIME.format(t.atZone(zone)) + " / " + utc;
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
    }

    private static void cell(StringBuilder b, String label, String value) {
        b.append("<tr><td><b>").append(esc(label)).append("</b></td><td>").append(esc(value)).append("</td></tr>");
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    /** HTML-escaped text. */
    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
