package com.penguinmails.alerthub.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Thread-safe record of what a fake saw, which tests can wait on without polling. */
final class Journal<T> {

    private final List<T> items = new ArrayList<>();

    synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    synchronized List<T> all() {
        return List.copyOf(items);
    }

    synchronized List<T> matching(Predicate<? super T> filter) {
        return items.stream().filter(filter).toList();
    }

    /** True as soon as at least {@code count} items match; false once the timeout passes (or on interrupt). */
    synchronized boolean await(Predicate<? super T> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (items.stream().filter(filter).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
