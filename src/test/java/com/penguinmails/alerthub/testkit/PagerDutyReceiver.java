package com.penguinmails.alerthub.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stands in for PagerDuty's Events API v2 ({@code POST /v2/enqueue}) and enforces its contract,
 * so a hub that builds an event PagerDuty would refuse fails here too instead of only in production.
 */
public final class PagerDutyReceiver implements AutoCloseable {

    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final int ROUTING_KEY_LENGTH = 32;
    private static final int MAX_DEDUP_KEY = 255;
    private static final int MAX_SUMMARY = 1024;

    private final Journal<Map<String, Object>> accepted = new Journal<>();
    private final Journal<Map<String, Object>> rejected = new Journal<>();
    private final FailurePlan failures = new FailurePlan();
    private final JsonEndpoint endpoint;

    private PagerDutyReceiver() {
        endpoint = JsonEndpoint.start(Set.of("/v2/enqueue"),
                JsonEndpoint.judging(failures, this::judge, (kept, reason) -> reject(kept, List.of(reason))));
    }

    public static PagerDutyReceiver start() {
        return new PagerDutyReceiver();
    }

    /** The full enqueue URL, e.g. http://127.0.0.1:PORT/v2/enqueue. */
    public String url() {
        return endpoint.base() + "/v2/enqueue";
    }

    /** Event bodies answered 202, in arrival order, exactly as sent (a generated dedup_key is only in the response). */
    public List<Map<String, Object>> accepted() {
        return accepted.all();
    }

    public List<Map<String, Object>> accepted(String eventAction) {
        return accepted.matching(event -> eventAction.equals(event.get("event_action")));
    }

    /** Event bodies answered 400; a body that was not JSON is kept as {@code {"invalid_json": text}}. */
    public List<Map<String, Object>> rejected() {
        return rejected.all();
    }

    /** Answers the next {@code n} requests with {@code status} (e.g. 429, 500) without judging or recording them. */
    public void failNext(int n, int status) {
        failures.add(n, status, null);
    }

    /**
     * The next request is recorded and judged as usual, but its answer waits until the returned hold is released:
     * the sender sees a delivery in flight (the receiver has it, the sender does not know yet).
     */
    public HeldAnswer holdNextAnswer() {
        return endpoint.holdNextAnswer();
    }

    public boolean awaitAccepted(int count, Duration timeout) {
        return accepted.await(event -> true, count, timeout);
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private JsonEndpoint.Response judge(Map<String, Object> event) {
        List<String> errors = violations(event);
        if (!errors.isEmpty()) {
            return reject(event, errors);
        }
        accepted.add(event);
        Object dedupKey = event.containsKey("dedup_key") ? event.get("dedup_key") : UUID.randomUUID().toString().replace("-", "");
        return JsonEndpoint.Response.json(202, Map.of("status", "success", "message", "Event processed", "dedup_key", dedupKey));
    }

    private JsonEndpoint.Response reject(Map<String, Object> event, List<String> errors) {
        rejected.add(event);
        return JsonEndpoint.Response.json(400, Map.of("status", "invalid event", "message", "Event object is invalid", "errors", errors));
    }

    private static List<String> violations(Map<String, Object> event) {
        List<String> errors = new ArrayList<>();
        Object routingKey = event.get("routing_key");
        if (!nonBlank(routingKey)) {
            errors.add("'routing_key' is missing or blank");
        } else if (((String) routingKey).length() != ROUTING_KEY_LENGTH) {
            errors.add("Length of 'routing_key' is incorrect (should be 32 characters)");
        }
        Object action = event.get("event_action");
        if (!ACTIONS.contains(action)) {
            errors.add("'event_action' is missing or invalid (must be one of: trigger, acknowledge, resolve)");
        }
        if (event.containsKey("dedup_key")) {
            Object dedupKey = event.get("dedup_key");
            if (!nonBlank(dedupKey)) {
                errors.add("'dedup_key' is blank or not a string");
            } else if (((String) dedupKey).length() > MAX_DEDUP_KEY) {
                errors.add("'dedup_key' is longer than 255 characters");
            }
        } else if ("acknowledge".equals(action) || "resolve".equals(action)) {
            errors.add("'dedup_key' is required for " + action + " events");
        }
        if ("trigger".equals(action)) {
            errors.addAll(payloadViolations(event.get("payload")));
        }
        return errors;
    }

    private static List<String> payloadViolations(Object payload) {
        if (!(payload instanceof Map<?, ?> fields)) {
            return List.of("'payload' is missing or not an object");
        }
        List<String> errors = new ArrayList<>();
        Object summary = fields.get("summary");
        if (!nonBlank(summary)) {
            errors.add("'payload.summary' is missing or blank");
        } else if (((String) summary).length() > MAX_SUMMARY) {
            errors.add("'payload.summary' is longer than 1024 characters");
        }
        if (!nonBlank(fields.get("source"))) {
            errors.add("'payload.source' is missing or blank");
        }
        if (!SEVERITIES.contains(fields.get("severity"))) {
            errors.add("'payload.severity' is missing or invalid (must be one of: critical, error, warning, info)");
        }
        return errors;
    }

    private static boolean nonBlank(Object value) {
        return value instanceof String text && !text.isBlank();
    }
}
