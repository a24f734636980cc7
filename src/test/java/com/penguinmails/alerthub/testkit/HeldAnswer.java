package com.penguinmails.alerthub.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request a receiver took in (recorded, judged) but does not answer until the test releases it: a delivery
 * caught in flight, e.g. for a test that kills the sender meanwhile. Armed by a receiver's {@code holdNextAnswer()}.
 */
public final class HeldAnswer implements AutoCloseable {

    /** Never hold a receiver thread for ever, even when a test forgets to release. */
    private static final Duration LONGEST = Duration.ofMinutes(2);

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile byte[] body;

    HeldAnswer() {
    }

    /** True once the held request has arrived; false when the timeout passes first (or on interrupt). */
    public boolean awaitArrived(Duration timeout) {
        try {
            return arrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The held request's body as a JSON object: which of several deliveries was caught in flight. */
    public Map<String, Object> body() {
        if (body == null) throw new IllegalStateException("no request has been held yet");
        return Json.object(body);
    }

    /** Lets the answer go (to a sender that may be gone by now). */
    public void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
    }

    /** Called on the receiver's thread with the answer to {@code request} ready: blocks until released. */
    void hold(JsonEndpoint.Request request) {
        body = request.body();
        arrived.countDown();
        try {
            released.await(LONGEST.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
