package com.penguinmails.alerthub.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.notify.OutboxRelay;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real hub in-process against real parts: four fresh tier databases, GreenMail for SMTP, loopback PagerDuty,
 * webhook and PostHog receivers, an H2 store in a temporary folder, and a {@link TestClock}. Schedules are off:
 * tests drive checks through the run API.
 */
public final class HubHarness implements AutoCloseable {

    public static final String TOKEN = "operator-secret-for-tests";
    public static final String DB_LEAD_KEY = "R0DBLEAD0000000000000000000000aa";
    public static final String ONCALL_KEY = "R0ONCALL0000000000000000000000bb";

    public final TierDatabases tiers;
    public final GreenMail mail;
    public final PagerDutyReceiver pager;
    public final WebhookReceiver webhook;
    public final PostHogReceiver posthog;
    public final TestClock clock = new TestClock(Instant.parse("2026-11-25T09:00:00Z"));
    public final Path stateDir;
    public final int httpPort;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Receivers receivers;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Hub hub;

    private HubHarness(Map<String, String> extra, Set<String> without) throws Exception {
        tiers = TierDatabases.create();
        tiers.loadDemoSchemas();
        receivers = Receivers.start();
        mail = receivers.mail();
        pager = receivers.pager();
        webhook = receivers.webhook();
        posthog = receivers.posthog();
        stateDir = Files.createTempDirectory("alert-hub-state");
        httpPort = Ports.freePort();
        properties.putAll(tiers.hubProperties());
        properties.put("hub.checks.scheduled", "false");
        properties.put("hub.http.port", Integer.toString(httpPort));
        properties.put("hub.store.url", "jdbc:h2:file:" + stateDir.resolve("hub") + ";AUTO_SERVER=FALSE");
        properties.put("hub.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        properties.put("hub.pager.url", pager.url());
        properties.put("hub.webhook.url", webhook.url());
        properties.put("hub.posthog.host", posthog.host());
        properties.put("hub.posthog.api-key", "phc_test_key");
        properties.put("hub.contacts.database-lead.pager", DB_LEAD_KEY);
        properties.put("hub.contacts.oncall-engineer.pager", ONCALL_KEY);
        properties.put("hub.api.tokens.tests", "operator:" + TOKEN);
        properties.put("hub.tiers.connect-timeout", "2s");
        properties.put("hub.tiers.statement-timeout", "3s");
        properties.put("hub.tiers.socket-timeout", "4s");
        properties.put("hub.notify.connect-timeout", "1s");
        properties.put("hub.notify.read-timeout", "2s");
        properties.put("hub.notify.retries", "2");
        // retries are due at once unless a test sets a delay and advances the clock
        properties.put("hub.notify.retry-delay", "0s");
        properties.putAll(extra);
        properties.keySet().removeAll(without);
    }

    public static HubHarness start() throws Exception {
        return start(Map.of());
    }

    public static HubHarness start(Map<String, String> extra) throws Exception {
        return start(extra, Set.of());
    }

    /** Like {@link #start(Map)}, and leaves out some of the harness's own properties (e.g. the API token). */
    public static HubHarness start(Map<String, String> extra, Set<String> without) throws Exception {
        HubHarness h = new HubHarness(extra, without);
        try {
            h.startHub();
        } catch (Exception | Error e) {
            h.close();
            throw e;
        }
        return h;
    }

    public void startHub() {
        hub = Hub.create(properties, clock).start();
    }

    public void stopHub() {
        if (hub != null) hub.close();
        hub = null;
    }

    public void restartHub() {
        stopHub();
        startHub();
    }

    public Hub hub() {
        return hub;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** POST /api/checks/{name}/run?tier=...: the run's JSON for that tier. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> run(String check, String tier) throws Exception {
        HttpResponse<String> r = post("/api/checks/" + check + "/run?tier=" + tier, "", TOKEN);
        if (r.statusCode() != 200) throw new AssertionError("run " + check + "/" + tier + " answered " + r.statusCode() + ": " + r.body());
        Map<String, Object> body = json.readValue(r.body(), Map.class);
        return ((List<Map<String, Object>>) body.get("runs")).get(0);
    }

    public HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30)).DELETE();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> health() throws Exception {
        return json.readValue(get("/health", null).body(), Map.class);
    }

    /** {@code GET /api/alerts/{id}}'s history as (change, detail) pairs, oldest first. */
    public List<List<Object>> history(long alertId) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) parse(get("/api/alerts/" + alertId, TOKEN).body()).get("history");
        return history.stream().map(e -> List.of(e.get("change"), e.get("detail"))).toList();
    }

    /** A JSON array of objects, as the list endpoints answer. */
    public List<Map<String, Object>> list(String body) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> l = json.readValue(body, List.class);
        return l;
    }

    public Map<String, Object> parse(String body) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = json.readValue(body, Map.class);
        return m;
    }

    /** Emails received so far whose subject contains the text. */
    public List<MimeMessage> emails(String subjectContains) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(subjectContains);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** One escalation tick ({@code direct:escalate}) at the clock's time, then its deliveries: how many notices it sent. */
    public int escalate() {
        Integer sent = hub.camel().createProducerTemplate().requestBody("direct:escalate", null, Integer.class);
        awaitDeliveriesDone();
        return sent;
    }

    /**
     * Waits (on GreenMail's own monitor, not by sleeping) until at least n emails in total have arrived, counting one
     * per recipient as {@link GreenMail#getReceivedMessages()} does. GreenMail's own count is per SMTP message, so a
     * message to two recipients counts once there: wait for one more message at a time instead.
     */
    public void awaitEmails(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int received;
        while ((received = mail.getReceivedMessages().length) < n) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) throw new AssertionError("expected " + n + " emails, got " + received);
            mail.waitForIncomingEmail(left, received + 1);
        }
    }

    /**
     * Waits until the outbox has nothing in flight and nothing due (retries included, seen three times in a row):
     * after this, what the receivers hold is all the hub could send so far. A retry waiting for its backoff is not
     * due until the test advances the clock.
     */
    public void awaitDeliveriesDone() {
        OutboxRelay relay = hub.bean("outboxRelay", OutboxRelay.class);
        int[] quietChecks = {0};
        Await.until("the outbox to have nothing due or in flight", () -> {
            quietChecks[0] = relay.idle() ? quietChecks[0] + 1 : 0;
            return quietChecks[0] >= 3;
        });
    }

    /** Hands whatever is due now (after advancing the clock, say) to the delivery routes. */
    public void pumpOutbox() {
        hub.bean("outboxRelay", OutboxRelay.class).pump();
    }

    @Override
    public void close() throws Exception {
        try {
            stopHub();
        } finally {
            receivers.close();
            tiers.close();
        }
    }
}
