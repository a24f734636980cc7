package com.penguinmails.alerthub.notify.email;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.notify.GroupNotice;
import com.penguinmails.alerthub.notify.template.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The email for a notice: a subject a person can triage from the lock screen, a plain-text body and the same as
 * HTML, each from its template ({@code routes/templates/email[-<severity>].<part>.mustache}).
 */
public final class EmailComposer {

    private final Templates templates;

    public EmailComposer(Templates templates) {
        this.templates = templates;
    }

    public record Email(String subject, String text, String html) {
    }

    /** A signed acknowledge link for one recipient of the email. */
    public record AckLink(String recipient, String url) {
    }

    /** @param links one per recipient, shown on firing notices (empty: none) */
    public Email compose(GroupNotice n, List<AckLink> links) {
        Map<String, String> urls = new LinkedHashMap<>();
        links.forEach(l -> urls.put(l.recipient(), l.url()));
        return new Email(templates.render(Channel.EMAIL, "subject", n, urls), templates.render(Channel.EMAIL, "text", n, urls),
                templates.render(Channel.EMAIL, "html", n, urls));
    }

    /** A message that is only text (the hub's own notes, such as a delivery that failed), with the same as HTML. */
    public static Email plain(String subject, String text) {
        return new Email(subject, text, "<html><body><pre style=\"font-family:sans-serif\">" + esc(text) + "</pre></body></html>");
    }

    /** HTML-escaped text. */
    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
