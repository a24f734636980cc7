package com.penguinmails.alerthub.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generic JSON webhook at {@code POST /hook}. Every request is recorded, including those answered
 * with an injected failure, so a test can see each delivery attempt a sender made.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request: header names lower-cased; a body that was not a JSON object is {@code {"invalid_json": text}}. */
    public record Received(Map<String, String> headers, Map<String, Object> body) {
    }

    private final Journal<Received> received = new Journal<>();
    private final FailurePlan failures = new FailurePlan();
    private final JsonEndpoint endpoint;

    private WebhookReceiver() {
        endpoint = JsonEndpoint.start(Set.of("/hook"), this::handle);
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver();
    }

    /** http://127.0.0.1:PORT/hook */
    public String url() {
        return endpoint.base() + "/hook";
    }

    public List<Received> received() {
        return received.all();
    }

    /** Answers the next {@code n} requests with {@code status}; they are still recorded. */
    public void failNext(int n, int status) {
        failures.add(n, status, null);
    }

    /** As {@link #failNext(int, int)}, also sending {@code Retry-After: retryAfterSeconds}. */
    public void failNext(int n, int status, String retryAfterSeconds) {
        failures.add(n, status, retryAfterSeconds);
    }

    /**
     * The next request is recorded and judged as usual, but its answer waits until the returned hold is released:
     * the sender sees a delivery in flight (the receiver has it, the sender does not know yet).
     */
    public HeldAnswer holdNextAnswer() {
        return endpoint.holdNextAnswer();
    }

    public boolean awaitReceived(int count, Duration timeout) {
        return received.await(request -> true, count, timeout);
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private JsonEndpoint.Response handle(JsonEndpoint.Request request) {
        Map<String, Object> body;
        boolean isJson;
        try {
            body = Json.object(request.body());
            isJson = true;
        } catch (IllegalArgumentException e) {
            body = Json.unparseable(request.body());
            isJson = false;
        }
        received.add(new Received(request.headers(), body));
        var failure = failures.next();
        if (failure.isPresent()) {
            return failure.get().response();
        }
        return isJson
                ? JsonEndpoint.Response.json(200, Map.of("ok", true))
                : JsonEndpoint.Response.json(400, Map.of("ok", false, "error", "body is not a JSON object"));
    }
}
