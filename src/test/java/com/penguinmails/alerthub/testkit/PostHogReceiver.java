package com.penguinmails.alerthub.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stands in for PostHog's {@code POST /batch/} capture endpoint. By default it mimics PostHog's
 * forgiving behaviour (200 while silently dropping bad events) and records what it dropped, so a
 * test can prove events were lost even though the sender saw success.
 */
public final class PostHogReceiver implements AutoCloseable {

    public enum Mode {
        /** PostHog's behaviour: answer 200, drop events lacking {@code event} or {@code distinct_id}. */
        DROP_INVALID,
        /** Strict: answer 400 for the whole batch if any event is invalid. */
        REJECT_BATCH
    }

    private final Journal<Map<String, Object>> events = new Journal<>();
    private final Journal<Map<String, Object>> dropped = new Journal<>();
    private final Journal<Map<String, Object>> rejected = new Journal<>();
    private final FailurePlan failures = new FailurePlan();
    private final JsonEndpoint endpoint;
    private volatile Mode mode = Mode.DROP_INVALID;

    private PostHogReceiver() {
        endpoint = JsonEndpoint.start(Set.of("/batch/", "/batch"), JsonEndpoint.judging(failures, this::judge, (kept, reason) -> {
            rejected.add(kept);
            return invalidPayload(reason);
        }));
    }

    public static PostHogReceiver start() {
        return new PostHogReceiver();
    }

    /** The PostHog host to configure, http://127.0.0.1:PORT, without a trailing slash. */
    public String host() {
        return endpoint.base();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Accepted events, in arrival order, as sent inside the batch. */
    public List<Map<String, Object>> events() {
        return events.all();
    }

    public List<Map<String, Object>> events(String eventName) {
        return events.matching(event -> eventName.equals(event.get("event")));
    }

    /** Events answered 200 but silently discarded (DROP_INVALID). */
    public List<Map<String, Object>> dropped() {
        return dropped.all();
    }

    /**
     * Events of batches answered 400 or 401. A body that was not a batch at all is kept whole
     * ({@code {"invalid_json": text}} when it was not even JSON).
     */
    public List<Map<String, Object>> rejected() {
        return rejected.all();
    }

    /** Answers the next {@code n} requests with {@code status} without judging or recording them. */
    public void failNext(int n, int status) {
        failures.add(n, status, null);
    }

    public boolean awaitEvents(String eventName, int count, Duration timeout) {
        return events.await(event -> eventName.equals(event.get("event")), count, timeout);
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private JsonEndpoint.Response judge(Map<String, Object> body) {
        List<Map<String, Object>> batch = batchOf(body);
        if (batch == null) {
            rejected.add(body);
            return invalidPayload("'batch' must be a list of event objects");
        }
        if (!(body.get("api_key") instanceof String key) || key.isBlank()) {
            batch.forEach(rejected::add);
            return JsonEndpoint.Response.json(401, Map.of(
                    "type", "authentication_error",
                    "code", "invalid_api_key",
                    "detail", "Project API key invalid. You can find your project API key in PostHog project settings."));
        }
        if (mode == Mode.REJECT_BATCH && !batch.stream().allMatch(PostHogReceiver::valid)) {
            batch.forEach(rejected::add);
            return invalidPayload("every event needs 'event' and 'distinct_id'");
        }
        for (Map<String, Object> event : batch) {
            (valid(event) ? events : dropped).add(event);
        }
        return JsonEndpoint.Response.json(200, Map.of("status", 1));
    }

    /** The batch's events, or null when the body is not shaped as a batch. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> batchOf(Map<String, Object> body) {
        if (!(body.get("batch") instanceof List<?> items) || !items.stream().allMatch(Map.class::isInstance)) {
            return null;
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        items.forEach(item -> batch.add((Map<String, Object>) item));
        return batch;
    }

    private static boolean valid(Map<String, Object> event) {
        Object distinctId = event.get("distinct_id");
        boolean hasDistinctId = distinctId instanceof Number || distinctId instanceof String id && !id.isBlank();
        return event.get("event") instanceof String name && !name.isBlank() && hasDistinctId;
    }

    private static JsonEndpoint.Response invalidPayload(String detail) {
        return JsonEndpoint.Response.json(400, Map.of("type", "validation_error", "code", "invalid_payload", "detail", detail));
    }
}
