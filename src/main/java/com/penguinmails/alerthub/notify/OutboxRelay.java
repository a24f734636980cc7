package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final int inFlightPerChannel;
    private final Runnable durable;
    /**
     * Lanes whose head is being delivered, per channel: claims live in memory, which is why one active hub is the
     * supported mode. Each channel has its own budget, so a hanging SMTP server holding its lanes delays no page.
     */
    private final Map<Channel, Set<String>> busy = new EnumMap<>(Channel.class);

    /** @param durable puts every commit so far on disk (StateStore.flush), run before anything is handed out */
    public OutboxRelay(Outbox outbox, Clock clock, ProducerTemplate producer, int inFlightPerChannel, Runnable durable) {
        this.outbox = outbox;
        this.durable = durable;
        this.clock = clock;
        this.producer = producer;
        this.inFlightPerChannel = inFlightPerChannel;
        for (Channel c : Channel.values()) busy.put(c, ConcurrentHashMap.newKeySet());
    }

    /**
     * Hands due lane heads to their channels, up to each channel's room in flight; answers how many. Synchronized:
     * a test's direct call and the route's pump must not hand out one head twice.
     */
    public synchronized int pump() {
        Instant now = clock.instant();
        List<Outbox.Entry> heads = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            Set<String> lanes = busy.get(channel);
            int room = inFlightPerChannel - lanes.size();
            if (room <= 0) continue;
            for (Outbox.Entry e : outbox.dueHeads(channel, now, Set.copyOf(lanes), room)) {
                lanes.add(e.message().lane());
                heads.add(e);
            }
        }
        // one write puts these rows, the alert changes that wrote them and every commit before on disk: nothing is
        // sent that a crash could take back (StateStore.flush)
        if (!heads.isEmpty()) durable.run();
        for (Outbox.Entry e : heads) {
            producer.send("seda:deliver-" + e.message().channel().label(), exchange -> {
                exchange.getMessage().setBody(e.message().body());
                exchange.getMessage().setHeaders(new HashMap<>(e.message().headers()));
                exchange.setProperty(Deliveries.ENTRY, e);
                if (e.message().url() != null) exchange.setProperty(Deliveries.URL, e.message().url());
            });
        }
        return heads.size();
    }

    /**
     * A lane's head was sent, rescheduled or given up: the lane may move on. The relay is woken once half the
     * channel's budget is free rather than after every delivery: a pump refills many lanes at once, and under load
     * it does not run once per notification.
     */
    void finished(Outbox.Entry e) {
        Set<String> lanes = busy.get(e.message().channel());
        lanes.remove(e.message().lane());
        if (lanes.size() <= inFlightPerChannel / 2) wake();
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
        Instant now = clock.instant();
        return busy.values().stream().allMatch(Set::isEmpty)
                && Arrays.stream(Channel.values()).allMatch(c -> outbox.dueHeads(c, now, List.of(), 1).isEmpty());
    }
}
