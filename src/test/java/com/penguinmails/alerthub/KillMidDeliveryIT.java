package com.penguinmails.alerthub;

import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static com.penguinmails.alerthub.testkit.Contacts.DBOPS;
import static com.penguinmails.alerthub.testkit.Contacts.ONCALL;
import static com.penguinmails.alerthub.testkit.Contacts.EM;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.store.Outbox;
import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.HeldAnswer;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.HubJar;
import com.penguinmails.alerthub.testkit.Ports;
import com.penguinmails.alerthub.testkit.Receivers;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.TierDatabases;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} mid-delivery, made deterministic (issue 3). The PagerDuty and webhook receivers take in their first
 * request and hold the answer; once every other notification of the trigger is marked sent, the test kills the
 * packaged hub with SIGKILL, releases the receivers and restarts the hub on the same store. Every outbox row is then
 * matched with what the receivers got: a row sent before the kill arrived exactly once, the two held ones exactly twice
 * with the same {@code dedup_key} / {@code Idempotency-Key}, nothing arrived that no row explains, and escalation
 * resumed at step 2, which fell due while the hub was down. The one smoke test with real delays: the hub runs
 * on the system clock with its escalation timer on (a tick a second, step 2 due {@link #STEP_2} after the trigger).
 */
class KillMidDeliveryIT {

    private static final String TOKEN = "kill-it-operator-secret";
    /** Long enough for the first hub to be killed before (it takes a second or two), short enough to fall due while it is down. */
    private static final Duration STEP_2 = Duration.ofSeconds(8);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final int port = Ports.freePort();
    private TierDatabases tiers;
    private Receivers parts;

    @BeforeEach
    void parts() throws Exception {
        assertThat(HubJar.JAR).as("the packaged jar (failsafe runs after package)").isRegularFile();
        tiers = TierDatabases.create();
        tiers.loadDemoSchemas();
        parts = Receivers.start();
    }

    @AfterEach
    void stopParts() throws Exception {
        if (parts != null) parts.close();
        if (tiers != null) tiers.close();
    }

    @Test
    void aHubKilledMidDeliveryDeliversEveryNotificationAfterItsRestartAndEscalatesFromStep2() throws Exception {
        List<String> args = args();
        Map<Long, Outbox.Entry> atKill;
        Set<Long> inFlight;
        Map<String, Object> heldPage;
        Map<String, Object> heldHook;
        try (HeldConnections held = tiers.holdConnections("olap", 5)) {
            try (HeldAnswer page = parts.pager().holdNextAnswer(); HeldAnswer hook = parts.webhook().holdNextAnswer()) {
                HubJar first = HubJar.start(HubJar.command(args, "kill-first.log"), port);
                try {
                    HttpResponse<String> run = first.post("/api/checks/pool-usage/run?tier=olap", TOKEN);
                    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
                    // the trigger was this run's or the scheduled run's at startup: the connections were held before either
                    JsonNode group = json.readTree(run.body()).at("/runs/0/group");
                    assertThat(group.path("severity").asText()).as(run.body()).isEqualTo("critical");
                    assertThat(group.path("firing").asBoolean()).as(run.body()).isTrue();
                    assertThat(page.awaitArrived(SETTLE)).as("a page in flight\n%s", first.logTail()).isTrue();
                    assertThat(hook.awaitArrived(SETTLE)).as("a webhook in flight\n%s", first.logTail()).isTrue();
                    // the other trigger notifications went out and were marked sent: only the two held are in flight
                    Await.untilChecked("only the held page and webhook pending",
                            () -> pending(first).stream().filter(d -> !d.endsWith(" sample")).toList().equals(List.of("pager trigger", "webhook trigger")),
                            SETTLE);
                } finally {
                    first.kill();
                }
                heldPage = page.body();
                heldHook = hook.body();
            }
            atKill = outbox();
            assertThat(atKill.values()).as("the trigger's notifications; step 2 was not due yet")
                    .filteredOn(e -> !e.message().kind().equals("sample")).extracting(e -> e.message().channel(), e -> e.message().kind())
                    .containsExactlyInAnyOrder(tuple(Channel.PAGER, "trigger"), tuple(Channel.PAGER, "trigger"), tuple(Channel.EMAIL, "trigger"),
                            tuple(Channel.WEBHOOK, "trigger"), tuple(Channel.POSTHOG, "trigger"));
            inFlight = atKill.values().stream().filter(e -> e.state() == Outbox.State.PENDING && !e.message().kind().equals("sample"))
                    .map(Outbox.Entry::id).collect(Collectors.toSet());
            assertThat(inFlight).as("in flight at the kill: the two held").extracting(id -> body(atKill.get(id)))
                    .containsExactlyInAnyOrder(heldPage, heldHook);

            // step 2 falls due while the hub is down: the restarted hub's first tick sends it, once
            Instant triggered = atKill.values().stream().filter(e -> e.message().kind().equals("trigger")).map(Outbox.Entry::createdAt)
                    .min(Instant::compareTo).orElseThrow();
            Duration untilDue = Duration.between(Instant.now(), triggered.plus(STEP_2));
            if (!untilDue.isNegative()) Thread.sleep(untilDue.toMillis() + 100);

            try (HubJar second = HubJar.start(HubJar.command(args, "kill-restart.log"), port)) {
                Await.untilChecked("step 2 emailed and nothing pending", () -> emailsTo(EM) == 1 && pending(second).isEmpty(), SETTLE);
            }
        }
        Map<Long, Outbox.Entry> all = outbox();
        assertThat(all.values()).as("every notification delivered, none dead").extracting(Outbox.Entry::state).containsOnly(Outbox.State.SENT);

        // exactly once what the first hub had marked sent or the second one wrote; the two held ones exactly twice
        for (Outbox.Entry e : all.values()) {
            Outbox.Entry before = atKill.get(e.id());
            String what = "notification " + e.id() + " (" + e.message().channel() + " " + e.message().kind() + ")";
            if (before == null || before.state() == Outbox.State.SENT) {
                assertThat(arrivals(e)).as(what).isEqualTo(1);
            } else if (inFlight.contains(e.id())) {
                assertThat(arrivals(e)).as(what + ", held at the kill").isEqualTo(2);
            } else {
                assertThat(arrivals(e)).as(what + ", a health sample pending at the kill").isBetween(1L, 2L);
            }
        }
        Outbox.Entry triggerEmail = only(all.values(), e -> e.message().channel() == Channel.EMAIL && e.message().kind().equals("trigger"),
                "trigger email");
        assertThat(triggerEmail.message().headers().get("To").toString().split(",")).as("one copy each, counted above")
                .containsExactlyInAnyOrder(DBOPS, ONCALL);
        assertThat(all.values().stream().mapToLong(this::copies).sum()).as("every request, event and email belongs to a notification")
                .isEqualTo(parts.pager().accepted().size() + parts.webhook().received().size() + parts.posthog().events().size() + parts.mail().getReceivedMessages().length);
        assertThat(parts.pager().rejected()).isEmpty();
        assertThat(parts.posthog().dropped()).isEmpty();
        // so the duplicates carry the key of the first copy: PagerDuty's dedup_key, the webhook's Idempotency-Key
        assertThat(parts.pager().accepted()).filteredOn(heldPage::equals).hasSize(2);
        Object heldKey = only(all.values(), e -> inFlight.contains(e.id()) && e.message().channel() == Channel.WEBHOOK, "held webhook")
                .message().headers().get("Idempotency-Key");
        assertThat(parts.webhook().received()).filteredOn(r -> r.body().equals(heldHook)).hasSize(2)
                .extracting(r -> r.headers().get("idempotency-key")).containsOnly(heldKey.toString());
        assertThat(parts.webhook().received().stream().map(r -> r.headers().get("idempotency-key")).distinct().count()).as("one key per webhook notification")
                .isEqualTo(all.values().stream().filter(e -> e.message().channel() == Channel.WEBHOOK).count());

        // escalation resumed at step 2 (the Engineering Manager by email, and the hub's webhook); step 1 was not sent again
        List<Outbox.Entry> added = all.values().stream().filter(e -> !atKill.containsKey(e.id()) && !e.message().kind().equals("sample"))
                .toList();
        assertThat(added).extracting(e -> e.message().channel(), e -> e.message().kind())
                .containsExactlyInAnyOrder(tuple(Channel.EMAIL, "escalate"), tuple(Channel.WEBHOOK, "escalate"));
        assertThat(added).allSatisfy(e -> assertThat(e.message().title()).startsWith("[PROD][CRITICAL][ESCALATED step 2, unacknowledged 0 min] "));
        assertThat(added).filteredOn(e -> e.message().channel() == Channel.EMAIL).singleElement()
                .satisfies(e -> assertThat(e.message().headers()).containsEntry("To", EM));
    }

    /** The hub's pending notifications as "channel kind", sorted. */
    private List<String> pending(HubJar hub) throws Exception {
        HttpResponse<String> r = hub.get("/api/deliveries?state=pending", TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> pending = new ArrayList<>();
        for (JsonNode d : json.readTree(r.body())) pending.add(d.path("channel").asText() + " " + d.path("kind").asText());
        return pending.stream().sorted().toList();
    }

    /** The hub's command line: the test's tiers (olap's pool max 5), receivers, store and routes; timers on. */
    private List<String> args() {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes");
        // only the tier probe (the shipped inhibition rule names it) and the pool check: nothing else can fire
        String checks = routes.read("checks.camel.yaml");
        routes.write("checks.camel.yaml",
                checks.substring(0, checks.indexOf("- templatedRoute:\n    routeTemplateRef: health-check\n    routeId: check-long-queries")));
        routes.edit("contact-matrix.yaml", "name: Engineering Manager\n    email: unset", "name: Engineering Manager\n    email: " + EM)
                .edit("contact-matrix.yaml", "    steps-at-once: 2          # \"escalate: immediate\": steps 1 and 2 together\n    respond-within: 5m",
                        "    respond-within: " + STEP_2.toSeconds() + "s");
        List<String> args = new ArrayList<>();
        for (String tier : TierDatabases.TIERS) args.addAll(HubJar.tierArgs(tiers, tier));
        args.addAll(List.of("--hub.tiers.olap.pool-max=5",
                "--hub.http.port=" + port,
                "--hub.store.url=" + storeUrl(),
                "--hub.routes.dir=" + routes.dir(),
                "--hub.checks.scheduled=true",
                // the pool check runs at startup, then through the API only
                "--hub.checks.interval=1h",
                "--hub.escalation.tick=1s",
                "--hub.api.tokens.it=operator:" + TOKEN,
                "--hub.smtp.port=" + parts.mail().getSmtp().getPort(),
                "--hub.pager.url=" + parts.pager().url(),
                "--hub.webhook.url=" + parts.webhook().url(),
                "--hub.posthog.host=" + parts.posthog().host(),
                "--hub.posthog.api-key=phc_test_key",
                "--hub.contacts.database-lead.pager=" + HubHarness.DB_LEAD_KEY,
                "--hub.contacts.oncall-engineer.pager=" + HubHarness.ONCALL_KEY,
                // the first hub must still be waiting for the held answers when it is killed
                "--hub.notify.read-timeout=60s"));
        return args;
    }

    private String storeUrl() {
        return "jdbc:h2:file:" + tmp.resolve("hub") + ";AUTO_SERVER=FALSE";
    }

    /** Every outbox row, read from the H2 file while no hub has it open (the killed one's file lock died with it). */
    private Map<Long, Outbox.Entry> outbox() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(storeUrl());
        h2.setUser("sa");
        h2.setPassword("");
        Outbox outbox = new Outbox(h2);
        return Arrays.stream(Outbox.State.values()).flatMap(s -> outbox.inState(s, Integer.MAX_VALUE).stream())
                .collect(Collectors.toMap(Outbox.Entry::id, Function.identity()));
    }

    /** How many times the receivers got this notification whole: {@link #copies} over what one delivery leaves. */
    private long arrivals(Outbox.Entry e) {
        long copies = copies(e);
        int perDelivery = perDelivery(e);
        assertThat(copies % perDelivery).as("notification %d arrived whole each time (%d copies of %d)", e.id(), copies, perDelivery)
                .isZero();
        return copies / perDelivery;
    }

    /**
     * What the receivers hold of this notification: pages and webhook bodies equal to the row's (webhooks with its
     * Idempotency-Key), PostHog events by uuid, emails (one copy per recipient) by subject.
     */
    private long copies(Outbox.Entry e) {
        Outbox.Message m = e.message();
        return switch (m.channel()) {
            case PAGER -> parts.pager().accepted().stream().filter(body(e)::equals).count();
            case WEBHOOK -> parts.webhook().received().stream().filter(r -> r.body().equals(body(e))
                    && Objects.equals(r.headers().get("idempotency-key"), m.headers().get("Idempotency-Key"))).count();
            case POSTHOG -> {
                Set<Object> uuids = events(e).stream().map(ev -> ev.get("uuid")).collect(Collectors.toSet());
                yield parts.posthog().events().stream().filter(ev -> uuids.contains(ev.get("uuid"))).count();
            }
            case EMAIL -> Arrays.stream(parts.mail().getReceivedMessages()).filter(msg -> m.headers().get("Subject").equals(subject(msg))).count();
        };
    }

    /** A PostHog batch arrives as its events, an email as one copy per recipient. */
    private int perDelivery(Outbox.Entry e) {
        return switch (e.message().channel()) {
            case POSTHOG -> events(e).size();
            case EMAIL -> e.message().headers().get("To").toString().split(",").length;
            default -> 1;
        };
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(Outbox.Entry e) {
        return (List<Map<String, Object>>) body(e).get("batch");
    }

    /** Copies GreenMail holds of emails addressed to this address. */
    private long emailsTo(String address) throws Exception {
        long n = 0;
        for (MimeMessage m : parts.mail().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address))) n++;
        }
        return n;
    }

    private Map<String, Object> body(Outbox.Entry e) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = json.readValue(e.message().body(), Map.class);
            return body;
        } catch (Exception ex) {
            throw new IllegalStateException("notification " + e.id() + " has no JSON body", ex);
        }
    }

    private static Outbox.Entry only(Collection<Outbox.Entry> entries, Predicate<Outbox.Entry> which, String what) {
        List<Outbox.Entry> found = entries.stream().filter(which).toList();
        assertThat(found).as("exactly one %s among %s", what, found).hasSize(1);
        return found.get(0);
    }
}
