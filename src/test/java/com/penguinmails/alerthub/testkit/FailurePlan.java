package com.penguinmails.alerthub.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/** Queued failures a receiver answers with before behaving normally again, to drive a sender's retries. */
final class FailurePlan {

    /** One injected answer; {@code retryAfterSeconds} may be null for no Retry-After header. */
    record Failure(int status, String retryAfterSeconds) {

        JsonEndpoint.Response response() {
            Map<String, String> headers = retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", retryAfterSeconds);
            return new JsonEndpoint.Response(status, Map.of("status", "failure", "message", "injected failure " + status), headers);
        }
    }

    private final Deque<Failure> queued = new ArrayDeque<>();

    synchronized void add(int n, int status, String retryAfterSeconds) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure status is 4xx or 5xx, got " + status);
        }
        for (int i = 0; i < n; i++) {
            queued.add(new Failure(status, retryAfterSeconds));
        }
    }

    synchronized Optional<Failure> next() {
        return Optional.ofNullable(queued.poll());
    }
}
