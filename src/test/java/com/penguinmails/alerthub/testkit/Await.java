package com.penguinmails.alerthub.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for asynchronous deliveries by polling the receivers' state, with a deadline; never for a schedule. */
public final class Await {

    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEADLINE);
    }

    public static void until(String what, BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("waited " + deadline.toSeconds() + "s for: " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /** As {@link #until}, for a condition that needs a checked call (an HTTP request, a query). */
    public static void untilChecked(String what, CheckedCondition condition) {
        untilChecked(what, condition, DEADLINE);
    }

    public static void untilChecked(String what, CheckedCondition condition, Duration deadline) {
        until(what, () -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, deadline);
    }

    @FunctionalInterface
    public interface CheckedCondition {
        boolean holds() throws Exception;
    }
}
