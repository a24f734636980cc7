package com.penguinmails.alerthub.ack;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.header;
import static com.penguinmails.alerthub.testkit.Received.messageId;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static com.penguinmails.alerthub.testkit.Contacts.DBOPS;
import static com.penguinmails.alerthub.testkit.Contacts.ONCALL;
import static com.penguinmails.alerthub.testkit.Contacts.EM;
import static com.penguinmails.alerthub.testkit.Contacts.CTO;

import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.RunAnswer;
import com.penguinmails.alerthub.testkit.WebhookReceiver;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledging through the API, an email link and the PagerDuty webhook: who hears of it on each channel, what a GET of
 * the link does (nothing), the link's refusals, ack expiry and a rise of an acknowledged group. Real receivers, exact
 * counts; time is the harness's TestClock and escalation ticks are called, never waited for.
 */
class AcknowledgeFlowTest {

    static final String PD_SECRET = "pd-webhook-subscription-secret";
    static final String POOL = "pool-usage";
    static final String OLAP = "olap";

    @TempDir
    Path tmp;

    private HubHarness h;
    private Received received;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (h != null) h.close();
    }

    /** The shipped matrix with emails for the Engineering Manager (step 2 of a pool alert) and the CTO (step 3). */
    private void start(String poolMax) throws Exception {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes")
                .edit("contact-matrix.yaml", "name: Engineering Manager\n    email: unset", "name: Engineering Manager\n    email: " + EM)
                .edit("contact-matrix.yaml", "name: CTO\n    email: unset", "name: CTO\n    email: " + CTO);
        h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(), "hub.tiers.olap.pool-max", poolMax,
                "hub.pager.webhook-secret", PD_SECRET));
        received = new Received(h);
    }

    private long fire() throws Exception {
        Map<String, Object> run = h.run(POOL, OLAP);
        h.awaitDeliveriesDone();
        return ((Number) RunAnswer.alerts(run, "opened").get(0).get("id")).longValue();
    }

    private int tick() {
        Integer sent = h.hub().camel().createProducerTemplate().requestBody("direct:escalate", null, Integer.class);
        h.awaitDeliveriesDone();
        return sent;
    }

    @Test
    void anApiAckIsToldOnceOnEveryChannelToEveryoneNotified() throws Exception {
        start("5");
        try (HeldConnections held = h.tiers.holdConnections(OLAP, 5)) {
            long id = fire();
            MimeMessage trigger = received.triggerEmails(POOL, OLAP).get(0);
            h.clock.advance(Duration.ofMinutes(3));

            var ack = h.post("/api/alerts/" + id + "/ack", "{\"comment\": \"on it\"}", HubHarness.TOKEN);
            assertThat(ack.statusCode()).isEqualTo(200);
            h.awaitDeliveriesDone();

            List<MimeMessage> acks = distinct(h.emails("[ACKNOWLEDGED]"));
            assertThat(acks).hasSize(1);
            assertThat(subject(acks.get(0))).startsWith("[PROD][CRITICAL][ACKNOWLEDGED] Connection Pool Exhaustion: olap (");
            assertThat(recipients(acks.get(0))).containsExactlyInAnyOrder(DBOPS, ONCALL);
            assertThat(h.emails("[ACKNOWLEDGED]")).as("one copy each").hasSize(2);
            assertThat(header(acks.get(0), "In-Reply-To")).isEqualTo(messageId(trigger));
            assertThat(text(acks.get(0))).contains("Acknowledged by tests: on it at 2026-11-25 09:03:00 UTC, 3m after the first notification")
                    .doesNotContain("/ack/");

            assertThat(received.pager(POOL, OLAP, "acknowledge")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
            assertThat(h.pager.rejected()).isEmpty();
            List<WebhookReceiver.Received> hooks = webhooks("acknowledged");
            assertThat(hooks).singleElement().satisfies(w -> assertThat(w.body()).containsEntry("acknowledged_by", "tests")
                    .containsEntry("ack_comment", "on it").containsEntry("time_to_ack_s", 180).containsEntry("group_key", Fingerprint.group(POOL, OLAP)));
            assertThat(h.posthog.events("db_alert_acknowledged")).singleElement().satisfies(e -> assertThat(properties(e))
                    .containsEntry("time_to_ack", 180).containsEntry("severity", "critical").containsEntry("acknowledged_by", "tests"));
            assertThat(h.posthog.dropped()).as("PostHog would keep it").isEmpty();

            // acknowledging again tells nobody anything more
            assertThat(h.parse(h.post("/api/alerts/" + id + "/ack", "", HubHarness.TOKEN).body())).containsEntry("already", true);
            h.awaitDeliveriesDone();
            assertThat(h.emails("[ACKNOWLEDGED]")).hasSize(2);
            assertThat(h.pager.accepted("acknowledge")).hasSize(2);
            assertThat(webhooks("acknowledged")).hasSize(1);
            assertThat(h.posthog.events("db_alert_acknowledged")).hasSize(1);
        }
    }

    @Test
    void anEmailLinkGetChangesNothingItsPostAcknowledgesAndBadLinksSayWhy() throws Exception {
        start("5");
        long id;
        String link;
        try (HeldConnections held = h.tiers.holdConnections(OLAP, 5)) {
            id = fire();
            link = ackLink(received.triggerEmails(POOL, OLAP).get(0), ONCALL);
            assertThat(link).startsWith("http://localhost:" + h.httpPort + "/ack/");
            assertThat(ackLink(received.triggerEmails(POOL, OLAP).get(0), DBOPS)).as("one link per recipient").isNotEqualTo(link);
            String path = URI.create(link).getPath();

            HttpResponse<String> page = h.get(path, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(page.body()).contains("Acknowledge this alert?", "Acknowledging as <b>" + ONCALL + "</b>", "Severity</b></td><td>critical",
                    "Since</b></td><td>2026-11-25 09:00:00 UTC", "<form method=\"post\">");
            h.get(path, null);
            h.awaitDeliveriesDone();
            assertThat(history(id)).as("a GET changes nothing").extracting(e -> e.get("change")).containsExactly("fired");
            assertThat(h.emails("[ACKNOWLEDGED]")).as("a GET sends nothing").isEmpty();
            assertThat(h.pager.accepted("acknowledge")).isEmpty();

            // the key that signs links is kept in the store: a link sent before a restart still works after it
            h.restartHub();
            assertThat(h.get(path, null).body()).contains("Acknowledge this alert?");

            String forged = path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA");
            HttpResponse<String> refused = h.get(forged, null);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("This acknowledge link is not valid: it was not issued by this alert hub, or it was changed or cut short.");
            assertThat(postForm(forged, "comment=x").statusCode()).isEqualTo(403);
            assertThat(h.get("/ack/nodot", null).statusCode()).isEqualTo(403);

            HttpResponse<String> done = postForm(path, "comment=looking+at+it");
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).contains("<h1>Acknowledged</h1>", ONCALL);
            h.awaitDeliveriesDone();
            assertThat(history(id)).extracting(e -> e.get("detail")).containsExactly(history(id).get(0).get("detail"),
                    "by " + ONCALL + " (email link): looking at it");
            assertThat(distinct(h.emails("[ACKNOWLEDGED]"))).as("the POST sent the ack").hasSize(1);
            assertThat(h.pager.accepted("acknowledge")).hasSize(2);
            assertThat(h.get(path, null).body()).contains("Already acknowledged", "by " + ONCALL + " (email link): looking at it")
                    .doesNotContain("<form");
            assertThat(postForm(path, "").body()).contains("Already acknowledged");
        }
        h.run(POOL, OLAP);
        HttpResponse<String> over = h.get(URI.create(link).getPath(), null);
        assertThat(over.statusCode()).isEqualTo(409);
        assertThat(over.body()).contains("The alert this link was sent for (pool-usage on olap) is resolved: there is nothing to acknowledge.");

        h.clock.advance(Duration.ofHours(24));
        HttpResponse<String> expired = h.get(URI.create(link).getPath(), null);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("This acknowledge link expired at 2026-11-26T09:00:00Z (links are valid for 24 h).");
    }

    @Test
    void thePagerDutyWebhookAcknowledgesOnlyWithAGoodSignature() throws Exception {
        start("5");
        try (HeldConnections held = h.tiers.holdConnections(OLAP, 5)) {
            long id = fire();
            String acknowledged = pagerDutyEvent("incident.acknowledged", Fingerprint.group(POOL, OLAP));

            HttpResponse<String> unsigned = pagerDuty(acknowledged, null);
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(h.parse(unsigned.body()).get("error"))
                    .isEqualTo("missing X-PagerDuty-Signature header: PagerDuty v3 webhooks are signed; nothing was acknowledged");
            HttpResponse<String> wrong = pagerDuty(acknowledged, "v1=" + sign(acknowledged, "another-secret"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(h.parse(wrong.body()).get("error"))
                    .isEqualTo("X-PagerDuty-Signature does not match the body signed with hub.pager.webhook-secret; nothing was acknowledged");
            String other = pagerDutyEvent("incident.annotated", Fingerprint.group(POOL, OLAP));
            HttpResponse<String> ignored = pagerDuty(other, "v1=" + sign(other, PD_SECRET));
            assertThat(ignored.statusCode()).isEqualTo(200);
            assertThat(h.parse(ignored.body())).containsEntry("acknowledged", false);
            String notOurs = pagerDutyEvent("incident.acknowledged", "someone-elses-incident");
            assertThat(h.parse(pagerDuty(notOurs, "v1=" + sign(notOurs, PD_SECRET)).body())).containsEntry("acknowledged", false)
                    .containsEntry("ignored", "incident_key 'someone-elses-incident' is not a firing alert group of this hub");
            h.awaitDeliveriesDone();
            assertThat(history(id)).extracting(e -> e.get("change")).containsExactly("fired");
            assertThat(h.pager.accepted("acknowledge")).as("nothing acknowledged yet").isEmpty();

            // during a secret rotation PagerDuty sends two signatures: one good one is enough
            HttpResponse<String> good = pagerDuty(acknowledged, "v1=" + sign(acknowledged, "old-secret") + ",v1=" + sign(acknowledged, PD_SECRET));
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(h.parse(good.body())).containsEntry("acknowledged", true).containsEntry("by", "Tenex Engineer (PagerDuty)")
                    .containsEntry("already", false);
            h.awaitDeliveriesDone();
            assertThat(history(id)).extracting(e -> e.get("detail")).last().isEqualTo("by Tenex Engineer (PagerDuty)");
            assertThat(h.pager.accepted("acknowledge")).hasSize(2);
            assertThat(distinct(h.emails("[ACKNOWLEDGED]"))).hasSize(1);
        }
    }

    @Test
    void anAckExpiresAfterTheTimeoutAndEscalationRestartsFromTheCurrentStep() throws Exception {
        start("5");
        try (HeldConnections held = h.tiers.holdConnections(OLAP, 5)) {
            long id = fire();
            assertThat(tick()).as("critical: step 2 at once").isEqualTo(1);
            assertThat(h.post("/api/alerts/" + id + "/ack", "", HubHarness.TOKEN).statusCode()).isEqualTo(200);
            h.awaitDeliveriesDone();

            h.clock.advance(Duration.ofHours(4).minusSeconds(1));
            assertThat(tick()).as("acknowledged: nothing for 4 h").isZero();
            assertThat(emailsTo(EM)).hasSize(2);
            h.clock.advance(Duration.ofSeconds(1));
            assertThat(tick()).as("the current step again").isEqualTo(1);
            assertThat(emailsTo(EM)).extracting(m -> subject(m)).last().asString()
                    .startsWith("[PROD][CRITICAL][ESCALATED step 2, acknowledgement expired] Connection Pool Exhaustion: olap (");
            assertThat(emailsTo(CTO)).isEmpty();
            assertThat(history(id)).extracting(e -> e.get("change")).containsExactly("fired", "acknowledged", "ack_expired");
            assertThat(history(id).get(2).get("detail")).isEqualTo("acknowledgement by tests expired: still firing 4 h later");

            h.clock.advance(Duration.ofMinutes(5));
            assertThat(tick()).as("step 3, five minutes after the expiry").isEqualTo(1);
            assertThat(emailsTo(CTO)).extracting(m -> subject(m)).singleElement().asString().startsWith("[PROD][CRITICAL][ESCALATED step 3, ");
            assertThat(h.post("/api/alerts/" + id + "/ack", "", HubHarness.TOKEN).statusCode()).as("it can be acknowledged again").isEqualTo(200);
            h.awaitDeliveriesDone();
            assertThat(distinct(h.emails("[ACKNOWLEDGED]")).get(1)).satisfies(m -> assertThat(recipients(m))
                    .containsExactlyInAnyOrder(DBOPS, ONCALL, EM, CTO));
        }
    }

    @Test
    void aRiseOfAnAcknowledgedGroupReachesWhoeverAcknowledgedAndEveryoneToldSoFar() throws Exception {
        start("20");
        try (HeldConnections high = h.tiers.holdConnections(OLAP, 17)) {
            long id = fire();
            h.clock.advance(Duration.ofMinutes(15));
            assertThat(tick()).as("high: step 2 (the Engineering Manager) at 15 min").isEqualTo(1);
            String emLink = ackLink(emailsTo(EM).get(0), EM);
            assertThat(postForm(URI.create(emLink).getPath(), "comment=mine").statusCode()).isEqualTo(200);
            h.awaitDeliveriesDone();
            assertThat(h.pager.accepted()).as("high pages nobody").isEmpty();

            try (HeldConnections critical = h.tiers.holdConnections(OLAP, 3)) {
                assertThat(((Map<?, ?>) h.run(POOL, OLAP).get("group")).get("severity")).isEqualTo("critical");
                h.awaitDeliveriesDone();
                List<MimeMessage> updates = distinct(h.emails("[UPDATE]"));
                assertThat(updates).hasSize(1);
                assertThat(recipients(updates.get(0))).as("step 1, and the acker with everyone told so far")
                        .containsExactlyInAnyOrder(DBOPS, ONCALL, EM);
                assertThat(text(updates.get(0))).contains("Acknowledged by " + EM + " (email link): mine at ");
                assertThat(received.pager(POOL, OLAP, "trigger")).extracting(e -> e.get("routing_key"))
                        .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
                assertThat(webhooks("firing")).last().satisfies(w -> assertThat(w.body()).containsEntry("notice", "update")
                        .containsEntry("acknowledged_by", EM + " (email link)"));

                h.clock.advance(Duration.ofMinutes(30));
                assertThat(tick()).as("still acknowledged: no escalation").isZero();
                assertThat(emailsTo(CTO)).isEmpty();
                assertThat(history(id)).extracting(e -> e.get("change")).containsExactly("fired", "acknowledged", "raised");
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private List<MimeMessage> emailsTo(String address) {
        return distinct(Arrays.asList(h.mail.getReceivedMessages())).stream().filter(m -> recipients(m).contains(address)).toList();
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part, decoded (quoted-printable would break long links across lines). */
    private static String text(MimeMessage m) throws Exception {
        Multipart parts = (Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) return part.getContent().toString();
        }
        throw new AssertionError("no text/plain part in " + subject(m));
    }

    private static String ackLink(MimeMessage m, String recipient) throws Exception {
        Matcher link = Pattern.compile("  as " + Pattern.quote(recipient) + ": (\\S+)").matcher(text(m));
        assertThat(link.find()).as("an ack link for " + recipient + " in " + subject(m)).isTrue();
        return link.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> event) {
        return (Map<String, Object>) event.get("properties");
    }

    private List<WebhookReceiver.Received> webhooks(String status) {
        return h.webhook.received().stream().filter(w -> status.equals(w.body().get("status"))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history(long id) throws Exception {
        return (List<Map<String, Object>>) h.parse(h.get("/api/alerts/" + id, HubHarness.TOKEN).body()).get("history");
    }

    private HttpResponse<String> postForm(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.httpPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A PagerDuty v3 webhook body shaped like PagerDuty's documented sample. */
    private static String pagerDutyEvent(String type, String incidentKey) {
        return "{\"event\":{\"id\":\"5ac64822-4adc-4fda-ade0-410becf0de4f\",\"event_type\":\"" + type + "\",\"resource_type\":\"incident\","
                + "\"occurred_at\":\"2026-11-25T09:01:00.000Z\",\"agent\":{\"html_url\":\"https://acme.pagerduty.com/users/PLH1HKV\","
                + "\"id\":\"PLH1HKV\",\"summary\":\"Tenex Engineer\",\"type\":\"user_reference\"},\"client\":null,"
                + "\"data\":{\"id\":\"PGR0VU2\",\"type\":\"incident\",\"number\":2,\"status\":\"acknowledged\",\"incident_key\":\""
                + incidentKey + "\",\"title\":\"Connection Pool Exhaustion ✓\"}}}";
    }

    private HttpResponse<String> pagerDuty(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.httpPort + "/api/pagerduty/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) b.header("X-PagerDuty-Signature", signature);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
