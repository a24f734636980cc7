package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.check.CheckRuns;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.store.AlertStore;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The delivery routes' Java half: what counts as worth retrying, and what a success or a final failure records. */
public final class Deliveries {

    static final String CHANNEL = "hubChannel";
    static final String URL = "hubUrl";
    /** What one delivery goes to (routing key, recipients, URL): a channel is down while any target is failing. */
    static final String TARGET = "hubTarget";
    static final String WHAT = "hubWhat";
    static final String GROUP = "hubGroup";
    static final String THREAD_START = "hubThreadStart";
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    private final ChannelHealth health;
    private final AlertStore store;

    public Deliveries(ChannelHealth health, AlertStore store) {
        this.health = health;
        this.store = store;
    }

    /** A 4xx other than 429 will fail the same way again: no retry. 429, 5xx and network errors are retried. */
    public boolean permanent(Exchange exchange) {
        Throwable e = exchange.getException() != null ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return e instanceof HttpOperationFailedException http && http.getStatusCode() < 500 && http.getStatusCode() != 429;
    }

    /**
     * Before an update or resolve email goes out: reply to the group's trigger email. The email queue is FIFO, so
     * the trigger was sent (and its Message-ID stored) before this runs.
     */
    public void thread(Exchange exchange) {
        String[] group = exchange.getProperty(GROUP, String[].class);
        if (group == null || Boolean.TRUE.equals(exchange.getProperty(THREAD_START, Boolean.class))) return;
        store.group(group[0], group[1]).map(AlertGroup::emailMessageId).ifPresent(id -> {
            exchange.getMessage().setHeader("In-Reply-To", id);
            exchange.getMessage().setHeader("References", id);
        });
    }

    public void delivered(Exchange exchange) {
        Channel channel = exchange.getProperty(CHANNEL, Channel.class);
        health.delivered(channel, exchange.getProperty(TARGET, "", String.class));
        String[] group = exchange.getProperty(GROUP, String[].class);
        String messageId = exchange.getMessage().getHeader("CamelMailMessageId", String.class);
        if (channel == Channel.EMAIL && group != null && messageId != null && Boolean.TRUE.equals(exchange.getProperty(THREAD_START, Boolean.class))) {
            store.emailSent(group[0], group[1], messageId);
        }
    }

    public void failed(Exchange exchange) {
        Channel channel = exchange.getProperty(CHANNEL, Channel.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = e instanceof HttpOperationFailedException http
                ? "HTTP " + http.getStatusCode() + ": " + http.getResponseBody()
                : CheckRuns.rootMessage(e);
        health.failed(channel, exchange.getProperty(TARGET, "", String.class), reason);
        LOG.error("{} delivery failed for good: {} ({})", channel.label(), exchange.getProperty(WHAT, "health sample", String.class), reason);
    }
}
