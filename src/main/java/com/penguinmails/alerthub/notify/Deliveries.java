package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.check.CheckRuns;
import com.penguinmails.alerthub.config.HubSettings;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.store.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery routes' Java half: what a success records, and what a failure means. 429, 5xx and network errors are
 * retried from the outbox with exponential backoff (a crash loses no retry); another 4xx, or too many attempts,
 * makes the notification dead. Either way, a notification that keeps failing falls back to other channels.
 */
public final class Deliveries {

    /** The outbox entry an exchange delivers. */
    static final String ENTRY = "hubDelivery";
    static final String URL = "hubUrl";
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    private final ChannelHealth health;
    private final AlertStore store;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Fallback fallback;
    private final HubSettings.Delivery settings;
    private final Clock clock;
    private final Queue<Sent> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    public Deliveries(ChannelHealth health, AlertStore store, Outbox outbox, OutboxRelay relay, Fallback fallback,
                      HubSettings.Delivery settings, Clock clock) {
        this.health = health;
        this.store = store;
        this.outbox = outbox;
        this.relay = relay;
        this.fallback = fallback;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Before an update or resolve email goes out: reply to the group's trigger email. A group's emails share one lane,
     * so the trigger was sent (and its Message-ID stored) before this runs.
     */
    public void thread(Exchange exchange) {
        Outbox.Message m = entry(exchange).message();
        if (m.check() == null || m.threadStart()) return;
        store.group(m.check(), m.tier()).map(AlertGroup::emailMessageId).ifPresent(id -> {
            exchange.getMessage().setHeader("In-Reply-To", id);
            exchange.getMessage().setHeader("References", id);
        });
    }

    /**
     * Marks a delivery sent. Marks are committed in groups: whoever finds marks waiting and the commit free writes all
     * of them in one transaction, so a busy channel pays one commit for many deliveries. A lane is released only once
     * its mark is committed, so its next row can never overtake it or be sent twice.
     */
    public void delivered(Exchange exchange) {
        String messageId = exchange.getMessage().getHeader("CamelMailMessageId", String.class);
        waiting.add(new Sent(entry(exchange), messageId));
        while (!waiting.isEmpty() && committing.tryLock()) {
            List<Sent> batch = new ArrayList<>();
            try {
                for (Sent next; (next = waiting.poll()) != null; ) batch.add(next);
                if (!batch.isEmpty()) commit(batch);
            } finally {
                committing.unlock();
                batch.forEach(sent -> relay.finished(sent.entry()));
            }
        }
    }

    private record Sent(Outbox.Entry entry, String messageId) {
    }

    private void commit(List<Sent> batch) {
        Instant now = clock.instant();
        store.inTransaction(() -> {
            outbox.sent(batch.stream().map(s -> s.entry().id()).toList(), now);
            for (Sent s : batch) {
                Outbox.Message m = s.entry().message();
                if (m.channel() == Channel.EMAIL && m.check() != null && s.messageId() != null && m.threadStart()) {
                    store.emailSent(m.check(), m.tier(), s.messageId());
                }
            }
            return null;
        });
        batch.forEach(s -> health.delivered(s.entry().message().channel(), s.entry().message().target()));
    }

    public void failed(Exchange exchange) {
        Outbox.Entry e = entry(exchange);
        Outbox.Message m = e.message();
        try {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String reason = cause instanceof HttpOperationFailedException http
                    ? "HTTP " + http.getStatusCode() + ": " + http.getResponseBody()
                    : CheckRuns.rootMessage(cause);
            int failures = e.attempts() + 1;
            Instant now = clock.instant();
            boolean dead = permanent(cause) || failures > settings.retries();
            store.inTransaction(() -> {
                if (dead) {
                    outbox.dead(e.id(), now, reason);
                } else {
                    outbox.retryAt(e.id(), now, now.plus(settings.backoff(failures, retryAfter(cause))), reason);
                }
                if (dead || failures >= settings.fallbackAfter()) fallback.apply(e, reason);
                return null;
            });
            health.failed(m.channel(), m.target(), reason, dead);
            if (dead) {
                LOG.error("{} delivery failed for good after {} attempt(s): {} ({})", m.channel().label(), failures, m.title(), reason);
            } else {
                LOG.warn("{} delivery failed (attempt {}), will retry: {} ({})", m.channel().label(), failures, m.title(), reason);
            }
        } finally {
            relay.finished(e);
        }
    }

    /** A 4xx other than 429 will fail the same way again. */
    private static boolean permanent(Throwable e) {
        return e instanceof HttpOperationFailedException http && http.getStatusCode() < 500 && http.getStatusCode() != 429;
    }

    /** A 429's or 503's Retry-After in seconds, when the receiver sent one. */
    private static Duration retryAfter(Throwable e) {
        if (!(e instanceof HttpOperationFailedException http) || http.getResponseHeaders() == null) return Duration.ZERO;
        return http.getResponseHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Retry-After")).findFirst()
                .map(h -> {
                    try {
                        return Duration.ofSeconds(Long.parseLong(h.getValue().trim()));
                    } catch (NumberFormatException notSeconds) {
                        return Duration.ZERO;
                    }
                }).orElse(Duration.ZERO);
    }

    private static Outbox.Entry entry(Exchange exchange) {
        return exchange.getProperty(ENTRY, Outbox.Entry.class);
    }
}
