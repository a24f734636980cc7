package com.penguinmails.alerthub.notify.email;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.notify.GroupNotice;
import com.penguinmails.alerthub.notify.template.Templates;

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

    public Email compose(GroupNotice n) {
        return new Email(templates.render(Channel.EMAIL, "subject", n), templates.render(Channel.EMAIL, "text", n),
                templates.render(Channel.EMAIL, "html", n));
    }
}
