package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestkitPagerDutyReceiverTest {

    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";

    private final PagerDutyReceiver pagerDuty = PagerDutyReceiver.start();

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    @Test
    void acceptsAValidTriggerAndGeneratesADedupKey() throws Exception {
        HttpResponse<String> response = Http.post(pagerDuty.url(), Http.json(trigger(ROUTING_KEY, "critical")));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Http.body(response))
                .containsEntry("status", "success")
                .containsEntry("message", "Event processed")
                .hasEntrySatisfying("dedup_key", key -> assertThat((String) key).isNotBlank());
        assertThat(pagerDuty.accepted()).singleElement().satisfies(event ->
                assertThat(event).containsEntry("routing_key", ROUTING_KEY));
        assertThat(pagerDuty.rejected()).isEmpty();
    }

    @Test
    void rejectsARoutingKeyOneCharacterShort() throws Exception {
        HttpResponse<String> response = Http.post(pagerDuty.url(), Http.json(trigger(ROUTING_KEY.substring(1), "critical")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.body(response))
                .containsEntry("status", "invalid event")
                .containsEntry("message", "Event object is invalid")
                .hasEntrySatisfying("errors", errors -> assertThat(errors.toString()).contains("routing_key"));
        assertThat(pagerDuty.rejected()).hasSize(1);
        assertThat(pagerDuty.accepted()).isEmpty();
    }

    @Test
    void rejectsTriggersWithoutAUsablePayload() throws Exception {
        Map<String, Object> badSeverity = trigger(ROUTING_KEY, "fatal");
        Map<String, Object> longSummary = trigger(ROUTING_KEY, "error");
        longSummary.put("payload", Map.of("summary", "x".repeat(1025), "source", "db-oltp", "severity", "error"));
        Map<String, Object> noPayload = trigger(ROUTING_KEY, "info");
        noPayload.remove("payload");

        for (Map<String, Object> event : List.of(badSeverity, longSummary, noPayload)) {
            assertThat(Http.post(pagerDuty.url(), Http.json(event)).statusCode()).isEqualTo(400);
        }
        assertThat(Http.post(pagerDuty.url(), "not json").statusCode()).isEqualTo(400);
        assertThat(pagerDuty.rejected()).hasSize(4);
        assertThat(pagerDuty.rejected().get(3)).containsEntry("invalid_json", "not json");
    }

    @Test
    void resolveNeedsTheDedupKeyAndKeepsIt() throws Exception {
        Map<String, Object> resolve = Map.of("routing_key", ROUTING_KEY, "event_action", "resolve");
        assertThat(Http.post(pagerDuty.url(), Http.json(resolve)).statusCode()).isEqualTo(400);

        Map<String, Object> withKey = Map.of("routing_key", ROUTING_KEY, "event_action", "resolve", "dedup_key", "oltp/connections");
        HttpResponse<String> response = Http.post(pagerDuty.url(), Http.json(withKey));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Http.body(response)).containsEntry("dedup_key", "oltp/connections");
        assertThat(pagerDuty.accepted("resolve")).hasSize(1);
        assertThat(pagerDuty.accepted("trigger")).isEmpty();
    }

    @Test
    void injectedFailuresComeFirstAndAreNotRecorded() throws Exception {
        pagerDuty.failNext(2, 429);
        String event = Http.json(trigger(ROUTING_KEY, "warning"));

        assertThat(Http.post(pagerDuty.url(), event).statusCode()).isEqualTo(429);
        assertThat(Http.post(pagerDuty.url(), event).statusCode()).isEqualTo(429);
        assertThat(Http.post(pagerDuty.url(), event).statusCode()).isEqualTo(202);
        assertThat(pagerDuty.accepted()).hasSize(1);
        assertThat(pagerDuty.rejected()).isEmpty();
    }

    @Test
    void awaitWakesOnArrivalAndTimesOutOtherwise() throws Exception {
        CompletableFuture.runAsync(() -> {
            try {
                Http.post(pagerDuty.url(), Http.json(trigger(ROUTING_KEY, "info")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(pagerDuty.awaitAccepted(1, Duration.ofSeconds(10))).isTrue();
        assertThat(pagerDuty.awaitAccepted(2, Duration.ofMillis(200))).isFalse();
    }

    @Test
    void onlyPostToTheEnqueuePathExists() throws Exception {
        String base = pagerDuty.url().replace("/v2/enqueue", "");

        assertThat(Http.post(base + "/v2/enqueue/extra", "{}").statusCode()).isEqualTo(404);
        assertThat(Http.post(base + "/enqueue", "{}").statusCode()).isEqualTo(404);
        assertThat(Http.get(pagerDuty.url()).statusCode()).isEqualTo(405);
    }

    private static Map<String, Object> trigger(String routingKey, String severity) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", "trigger");
        event.put("payload", Map.of("summary", "oltp: 95% of connections in use", "source", "db-oltp", "severity", severity));
        return event;
    }
}
