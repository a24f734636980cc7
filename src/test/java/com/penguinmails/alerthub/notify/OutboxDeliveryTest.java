package com.penguinmails.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Ports;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery through the outbox with real faults: an SMTP server that is down then up, a webhook answering 429 with
 * Retry-After and 500, PagerDuty refusing one routing key while the resolve waits behind its trigger, a dead letter
 * retried by an operator. Retries come due only when the test advances the hub's clock.
 */
class OutboxDeliveryTest {

    private static final String CHECK = "pool-usage";
    private static final String TIER = "olap";

    private HubHarness h;
    private GreenMail lateSmtp;

    @AfterEach
    void stop() throws Exception {
        try {
            if (h != null) h.close();
        } finally {
            if (lateSmtp != null) lateSmtp.stop();
        }
    }

    @Test
    void anSmtpServerDownThenUpGetsEveryEmailAndThePageWasNotHeldBack() throws Exception {
        int smtpPort = Ports.closedPort();
        h = start(Map.of("hub.smtp.port", Integer.toString(smtpPort), "hub.notify.retry-delay", "1m", "hub.notify.fallback-after", "10"));
        Received got = new Received(h);

        trigger();
        h.awaitDeliveriesDone();
        assertThat(got.pager(CHECK, TIER, "trigger")).as("the page went out while SMTP was down").hasSize(2);
        assertThat(pending("email")).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("kind", "trigger").containsEntry("attempts", 1).containsEntry("state", "pending");
            assertThat((String) d.get("lastError")).contains("Connection refused");
        });
        assertThat(channel("email")).containsEntry("status", "down").containsEntry("pending", 1).containsEntry("dead", 0);

        h.clock.advance(Duration.ofMinutes(1));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(pending("email")).singleElement().satisfies(d -> assertThat(d).containsEntry("attempts", 2));

        lateSmtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
        lateSmtp.start();
        h.clock.advance(Duration.ofMinutes(1));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(lateSmtp.getReceivedMessages()).as("nothing due yet: the second retry waits 2 min").isEmpty();
        h.clock.advance(Duration.ofMinutes(1));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(lateSmtp.getReceivedMessages()).as("the trigger, once, to both recipients").hasSize(2)
                .extracting(MimeMessage::getSubject).allMatch(s -> s.startsWith("[PROD][CRITICAL] Connection Pool Exhaustion"));
        assertThat(channel("email")).containsEntry("status", "up").containsEntry("pending", 0).containsEntry("delivered", 1);

        h.run(CHECK, TIER);
        h.awaitDeliveriesDone();
        List<MimeMessage> all = Arrays.asList(lateSmtp.getReceivedMessages());
        assertThat(all).as("the trigger and the resolve, each to both recipients").hasSize(4);
        List<MimeMessage> resolves = all.stream().filter(m -> Received.subject(m).startsWith("[PROD][CRITICAL][RESOLVED]")).toList();
        assertThat(resolves).hasSize(2);
        assertThat(Received.header(resolves.get(0), "In-Reply-To")).isEqualTo(all.get(0).getMessageID());
    }

    @Test
    void aWebhookAnswering429WithRetryAfterThen500IsAcceptedOnceWithOneIdempotencyKey() throws Exception {
        h = start(Map.of("hub.notify.retry-delay", "1s"));
        h.webhook.failNext(1, 429, "120");
        h.webhook.failNext(1, 500);

        trigger();
        h.awaitDeliveriesDone();
        assertThat(h.webhook.received()).as("the 429").hasSize(1);
        h.clock.advance(Duration.ofSeconds(119));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(h.webhook.received()).as("Retry-After: 120 is longer than the 1 s backoff, and is honoured").hasSize(1);
        h.clock.advance(Duration.ofSeconds(1));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(h.webhook.received()).as("then the 500").hasSize(2);
        h.clock.advance(Duration.ofSeconds(2));
        h.pumpOutbox();
        h.awaitDeliveriesDone();

        List<WebhookReceiver.Received> received = h.webhook.received();
        assertThat(received).as("429, 500, then accepted").hasSize(3);
        assertThat(received).extracting(r -> header(r, "Idempotency-Key")).as("one notification, one key").containsOnly(header(received.get(0), "Idempotency-Key"));
        h.clock.advance(Duration.ofHours(1));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(h.webhook.received()).as("delivered: never sent again").hasSize(3);
        assertThat(channel("webhook")).containsEntry("status", "up").containsEntry("retried", 2).containsEntry("delivered", 1);
    }

    @Test
    void aResolveWaitsForItsTriggerOnTheSameRoutingKeyWhileTheOtherKeyGoesOn() throws Exception {
        h = start(Map.of("hub.notify.retry-delay", "1m"));
        Received got = new Received(h);
        h.pager.failNext(1, 503);

        trigger();
        h.run(CHECK, TIER);
        h.awaitDeliveriesDone();
        List<Map<String, Object>> accepted = h.pager.accepted();
        assertThat(accepted).as("one routing key: trigger then resolve").hasSize(2);
        String through = (String) accepted.get(0).get("routing_key");
        assertThat(accepted).extracting(e -> e.get("routing_key")).containsOnly(through);
        assertThat(accepted).extracting(e -> e.get("event_action")).containsExactly("trigger", "resolve");
        String held = through.equals(HubHarness.DB_LEAD_KEY) ? HubHarness.ONCALL_KEY : HubHarness.DB_LEAD_KEY;
        assertThat(pending("pager")).as("the other key's trigger waits for its retry, its resolve behind it")
                .extracting(d -> d.get("kind")).containsExactlyInAnyOrder("trigger", "resolve");

        h.clock.advance(Duration.ofMinutes(1));
        h.pumpOutbox();
        h.awaitDeliveriesDone();
        assertThat(h.pager.accepted()).filteredOn(e -> held.equals(e.get("routing_key")))
                .extracting(e -> e.get("event_action")).containsExactly("trigger", "resolve");
        assertThat(got.pager(CHECK, TIER, "trigger")).hasSize(2);
        assertThat(pending("pager")).isEmpty();
    }

    @Test
    void aDeadNotificationIsVisibleFallsBackIsReportedToPostHogAndAnOperatorCanRetryIt() throws Exception {
        h = start(Map.of());
        Received got = new Received(h);
        h.pager.failNext(1, 400);

        trigger();
        h.awaitDeliveriesDone();
        List<Map<String, Object>> dead = deliveries("dead");
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("channel", "pager").containsEntry("kind", "trigger").containsEntry("attempts", 1)
                    .containsEntry("fellBack", true);
            assertThat((String) d.get("lastError")).startsWith("HTTP 400");
            assertThat(d).doesNotContainKey("target");
        });
        String role = (String) dead.get(0).get("role");
        assertThat(h.pager.accepted("trigger")).as("the other routing key was paged").hasSize(1);
        assertThat(got.fallbackEmails(CHECK, TIER)).as("the failed page reached its person by email").hasSize(1);
        assertThat(h.webhook.received()).filteredOn(r -> "delivery_failed".equals(r.body().get("event"))).as("and by webhook")
                .singleElement().satisfies(r -> assertThat(r.body()).containsEntry("failed_channel", "pager").containsEntry("role", role));
        assertThat(h.posthog.events("db_alert_delivery_failed")).singleElement()
                .satisfies(e -> assertThat(props(e)).containsEntry("channel", "pager").containsEntry("roles", role).containsEntry("attempts", 1));
        assertThat(channel("pager")).containsEntry("status", "down").containsEntry("dead", 1).containsEntry("failed", 1);

        HttpResponse<String> unknown = h.post("/api/deliveries/99999/retry", "", HubHarness.TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown delivery '99999'");
        Object id = dead.get(0).get("id");
        HttpResponse<String> retried = h.post("/api/deliveries/" + id + "/retry", "", HubHarness.TOKEN);
        assertThat(retried.statusCode()).isEqualTo(200);
        h.awaitDeliveriesDone();
        assertThat(h.pager.accepted("trigger")).as("both routing keys paged once").hasSize(2);
        assertThat(deliveries("dead")).isEmpty();
        HttpResponse<String> again = h.post("/api/deliveries/" + id + "/retry", "", HubHarness.TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("delivery " + id + " is sent: only a dead one is retried");
        assertThat(got.fallbackEmails(CHECK, TIER)).as("falls back once").hasSize(1);
    }

    private HubHarness start(Map<String, String> extra) throws Exception {
        Map<String, String> p = new HashMap<>(extra);
        p.put("hub.tiers.olap.pool-max", "5");
        return HubHarness.start(p);
    }

    /** One run with OLAP's pool full (five held connections, 100 %): it triggers. */
    private void trigger() throws Exception {
        try (HeldConnections held = h.tiers.holdConnections(TIER, 5)) {
            assertThat(h.run(CHECK, TIER).get("notice")).isEqualTo("trigger");
        }
    }

    private List<Map<String, Object>> pending(String channel) throws Exception {
        return deliveries("pending").stream().filter(d -> channel.equals(d.get("channel"))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> deliveries(String state) throws Exception {
        HttpResponse<String> r = h.get("/api/deliveries?state=" + state, HubHarness.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return Arrays.asList(new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map[].class));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> channel(String name) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) h.health().get("channels")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> event) {
        return (Map<String, Object>) event.get("properties");
    }

    private static String header(WebhookReceiver.Received r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
