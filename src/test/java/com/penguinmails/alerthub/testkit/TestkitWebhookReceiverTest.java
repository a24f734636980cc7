package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestkitWebhookReceiverTest {

    private final WebhookReceiver webhook = WebhookReceiver.start();

    @AfterEach
    void stop() {
        webhook.close();
    }

    @Test
    void recordsHeadersLowerCasedAndTheParsedBody() throws Exception {
        HttpResponse<String> response = Http.post(webhook.url(), "{\"alert\":\"oltp down\",\"tier\":\"oltp\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(webhook.awaitReceived(1, Duration.ofSeconds(5))).isTrue();
        assertThat(webhook.received()).singleElement().satisfies(received -> {
            assertThat(received.headers()).containsEntry("content-type", "application/json");
            assertThat(received.body()).containsEntry("alert", "oltp down").containsEntry("tier", "oltp");
        });
    }

    @Test
    void injectedFailureCarriesRetryAfterAndIsStillRecorded() throws Exception {
        webhook.failNext(1, 503, "7");

        HttpResponse<String> failed = Http.post(webhook.url(), "{\"attempt\":1}");
        HttpResponse<String> retried = Http.post(webhook.url(), "{\"attempt\":2}");

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).contains("7");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Retry-After")).isEmpty();
        assertThat(webhook.received()).extracting(received -> received.body().get("attempt")).containsExactly(1, 2);
    }

    @Test
    void nonJsonIsRefusedButVisible() throws Exception {
        assertThat(Http.post(webhook.url(), "oops").statusCode()).isEqualTo(400);
        assertThat(webhook.received()).singleElement()
                .satisfies(received -> assertThat(received.body()).containsEntry("invalid_json", "oops"));
    }

    @Test
    void aHeldAnswerWaitsForReleaseWhileOtherRequestsAreAnswered() throws Exception {
        HeldAnswer held = webhook.holdNextAnswer();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> post("{\"attempt\":1}"));

        assertThat(held.awaitArrived(Duration.ofSeconds(5))).isTrue();
        assertThat(held.body()).containsEntry("attempt", 1);
        assertThat(webhook.received()).as("recorded before it is answered").extracting(r -> r.body().get("attempt")).containsExactly(1);
        assertThat(post("{\"attempt\":2}").statusCode()).as("only the next answer is held").isEqualTo(200);
        assertThat(first).isNotDone();

        held.release();
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(webhook.received()).extracting(r -> r.body().get("attempt")).containsExactly(1, 2);
    }

    @Test
    void aHeldAnswerTimesOutWaitingWhenNothingArrives() {
        try (HeldAnswer held = webhook.holdNextAnswer()) {
            assertThat(held.awaitArrived(Duration.ofMillis(50))).isFalse();
            assertThatThrownBy(webhook::holdNextAnswer).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the next answer is already held");
        }
    }

    private HttpResponse<String> post(String json) {
        try {
            return Http.post(webhook.url(), json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
