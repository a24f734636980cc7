package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.store.Outbox;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ProducerTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Moves due notifications from the outbox to their channel's delivery route ({@code seda:deliver-<channel>}): the head
 * of each lane, one at a time per lane, so a lane stays in order while other lanes, and other channels, go on.
 * Woken after every commit that wrote notifications and by a timer (retries coming due); wakes coalesce on a queue
 * of one ({@code seda:outbox-wake}), so one pump runs at a time.
 */
public final class OutboxRelay {

    /** The same URI as the route's: a full queue of one means a pump is already due, so the wake is dropped. */
    static final String WAKE = "seda:outbox-wake?size=1&discardWhenFull=true";

    private final Outbox outbox;
    private final Clock clock;
    private final ProducerTemplate producer;
    private final int batch;
    /** Lanes whose head is being delivered: claims live in memory, which is why one active hub is the supported mode. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    public OutboxRelay(Outbox outbox, Clock clock, ProducerTemplate producer, int batch) {
        this.outbox = outbox;
        this.clock = clock;
        this.producer = producer;
        this.batch = batch;
    }

    /** Hands every due lane head to its channel; answers how many. */
    public int pump() {
        List<Outbox.Entry> heads = outbox.dueHeads(clock.instant(), Set.copyOf(busy), batch);
        for (Outbox.Entry e : heads) {
            busy.add(e.message().lane());
            producer.send("seda:deliver-" + e.message().channel().label(), exchange -> {
                exchange.getMessage().setBody(e.message().body());
                exchange.getMessage().setHeaders(new java.util.HashMap<>(e.message().headers()));
                exchange.setProperty(Deliveries.ENTRY, e);
                if (e.message().url() != null) exchange.setProperty(Deliveries.URL, e.message().url());
            });
        }
        return heads.size();
    }

    /** A lane's head was sent, rescheduled or given up: the lane may move on. */
    void finished(Outbox.Entry e) {
        busy.remove(e.message().lane());
        wake();
    }

    /** Wakes the relay once the current store transaction commits (its rows are invisible before), or now. */
    public void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        } else {
            wake();
        }
    }

    public void wake() {
        producer.sendBody(WAKE, null);
    }

    /** Nothing in flight and nothing due: whatever the receivers hold now is all that could be sent so far. */
    public boolean idle() {
        return busy.isEmpty() && outbox.dueHeads(clock.instant(), Set.of(), 1).isEmpty();
    }
}
