package com.penguinmails.alerthub.alert;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One writer at a time per group (check, tier): a run's reconcile, the escalation timer and an acknowledgement all
 * read the group's state and write it back with the notifications they cause. Taken before the store transaction,
 * so two writers never wait on each other's row locks.
 */
public final class GroupLocks {

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public <T> T with(String check, String tier, Supplier<T> work) {
        synchronized (locks.computeIfAbsent(check + "\u0000" + tier, k -> new Object())) {
            return work.get();
        }
    }
}
