package com.penguinmails.alerthub.store;

import com.penguinmails.alerthub.escalation.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run as a child JVM by {@link H2StoreCrashTest}: writes one outbox row through the hub's store, flushes the store as
 * the relay does before it hands anything to a channel, then dies at once.
 */
public final class CommitThenHalt {

    private CommitThenHalt() {
    }

    public static void main(String[] args) {
        StateStore store = new StateStore(args[0], "sa", "", 4);
        new Outbox(store.dataSource()).add(List.of(new Outbox.Message(Channel.WEBHOOK, "trigger", "lane", "pool-usage", "olap", "",
                "written just before the crash", "http://127.0.0.1:9/hook", "http://127.0.0.1:9/hook", Map.of(), "{}", false)), Instant.now());
        store.flush();
        // as kill -9: no shutdown hook, nothing closed
        Runtime.getRuntime().halt(9);
    }
}
