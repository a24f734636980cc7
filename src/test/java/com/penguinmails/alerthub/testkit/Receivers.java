package com.penguinmails.alerthub.testkit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** What an end-to-end test listens with, all on loopback: an SMTP server, PagerDuty, a JSON webhook and PostHog. */
public record Receivers(GreenMail mail, PagerDutyReceiver pager, WebhookReceiver webhook, PostHogReceiver posthog) implements AutoCloseable {

    public static Receivers start() {
        GreenMail mail = new GreenMail(new ServerSetup(Ports.freePort(), "127.0.0.1", "smtp"));
        mail.start();
        return new Receivers(mail, PagerDutyReceiver.start(), WebhookReceiver.start(), PostHogReceiver.start());
    }

    @Override
    public void close() {
        mail.stop();
        pager.close();
        webhook.close();
        posthog.close();
    }
}
