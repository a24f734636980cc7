package com.penguinmails.alerthub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.BlackholeServer;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Ports;
import com.penguinmails.alerthub.testkit.Received;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tiers that cannot be reached: a refused port, a port that accepts and never answers, a tier that is down when
 * the hub starts and comes back later. Each is one Database Outage page per routing key after two failed probes,
 * never a hang, never a delay for the other tiers, and one resolve when the tier is back.
 */
class OutageTest {

    private static final String OUTAGE = "tier-reachable";

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    @Test
    void aRefusedPortIsOneOutagePagePerRoutingKeyAndOneEmailAndHealthShowsTheTierDown() throws Exception {
        try (HubHarness h = HubHarness.start(Map.of("hub.tiers.oltp.url", closedPortUrl("penguinmails_oltp"),
                "hub.tiers.connect-timeout", "1s"))) {
            Received got = new Received(h);

            Map<String, Object> first = h.run("pool-usage", "oltp");
            assertThat(first.get("status")).isEqualTo("failed");
            assertThat((String) first.get("error")).contains("Connection refused");
            assertThat(tier(h, "oltp")).containsEntry("state", "failing").containsEntry("failedProbes", 1);

            Map<String, Object> second = h.run("long-queries", "oltp");
            assertThat(second.get("status")).isEqualTo("failed");
            Await.until("the outage page for both routing keys", () -> got.pager(OUTAGE, "oltp", "trigger").size() == 2);
            Await.until("the outage email to both recipients", () -> got.copies(OUTAGE, "oltp").size() == 2);
            h.awaitDeliveriesDone();

            assertThat(got.pager(OUTAGE, "oltp", "trigger")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
            assertThat(got.pager("trigger")).as("the failing checks themselves page nobody: one page per key in all").hasSize(2);
            List<MimeMessage> emails = got.triggerEmails(OUTAGE, "oltp");
            assertThat(emails).hasSize(1);
            assertThat(Received.subject(emails.get(0))).startsWith("[PROD][CRITICAL] Database Outage: oltp");
            assertThat(GreenMailUtil.getBody(emails.get(0))).contains("Connection refused");
            assertThat(h.mail.getReceivedMessages()).as("no other email: two copies of the one outage email").hasSize(2);

            Map<String, Object> oltp = tier(h, "oltp");
            assertThat(oltp).containsEntry("state", "down").containsEntry("failedProbes", 2);
            assertThat((String) oltp.get("lastError")).contains("Connection refused");
            assertThat(staleGroups(h)).anyMatch(g -> g.startsWith("pool-usage/oltp:")).anyMatch(g -> g.startsWith("long-queries/oltp:"));
            assertThat(firingGroups(h)).containsExactly(OUTAGE + "/oltp critical");
        }
    }

    @Test
    void aTierThatAcceptsAndNeverAnswersFailsItsOwnRunInTimeAndHoldsUpNoOtherTier() throws Exception {
        try (BlackholeServer blackhole = BlackholeServer.start();
             HubHarness h = HubHarness.start(Map.of(
                     "hub.tiers.content.url", "jdbc:postgresql://127.0.0.1:" + blackhole.port() + "/penguinmails_content",
                     "hub.tiers.olap.pool-max", "5"))) {
            Received got = new Received(h);
            // the other tiers answer normally (and their pools are warm) before content's run starts
            assertThat(h.run(OUTAGE, "oltp").get("status")).isEqualTo("ok");
            assertThat(h.run("pool-usage", "olap").get("status")).isEqualTo("ok");

            Future<Map<String, Object>> silent = background.submit(() -> h.run(OUTAGE, "content"));
            // the run's own query gives up first (its group goes stale); then it probes the tier, which hangs as well
            Await.untilChecked("content's run to give up on its query", () -> staleGroups(h).stream().anyMatch(g -> g.startsWith(OUTAGE + "/content:")));
            assertThat(blackhole.acceptedCount()).isPositive();

            Map<String, Object> oltp = h.run(OUTAGE, "oltp");
            assertThat(oltp.get("status")).isEqualTo("ok");
            try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
                Map<String, Object> olap = h.run("pool-usage", "olap");
                assertThat(olap.get("status")).isEqualTo("ok");
                assertThat(olap.get("notice")).isEqualTo("trigger");
            }
            // both finished while content's probe was still waiting on the silent port
            assertThat(tier(h, "content")).as("content's probe has not finished yet").containsEntry("state", "unknown (not checked yet)");
            assertThat(silent).isNotDone();

            Map<String, Object> content = silent.get(30, TimeUnit.SECONDS);
            assertThat(content.get("status")).isEqualTo("failed");
            assertThat((String) content.get("error")).isNotBlank();
            assertThat(tier(h, "content")).containsEntry("state", "failing").containsEntry("failedProbes", 1);

            Await.until("the pool page for both routing keys", () -> got.pager("pool-usage", "olap", "trigger").size() == 2);
            Await.until("the pool email to both recipients", () -> got.copies("pool-usage", "olap").size() == 2);
            h.awaitDeliveriesDone();
            assertThat(got.pager("trigger")).as("one failed probe is no outage: only the pool pages").hasSize(2);
            assertThat(got.triggerEmails("pool-usage", "olap")).hasSize(1);
            assertThat(got.copies(OUTAGE, "content")).isEmpty();
        }
    }

    @Test
    void aTierDownAtStartupPagesOnceAndResolvesOnceWhenItReturns() throws Exception {
        try (HubHarness h = HubHarness.start(Map.of("hub.tiers.queue.url", closedPortUrl("penguinmails_queue"),
                "hub.tiers.connect-timeout", "1s"))) {
            Received got = new Received(h);
            assertThat(h.health().get("status")).isEqualTo("UP");
            for (String tier : List.of("oltp", "content", "olap")) {
                assertThat(h.run(OUTAGE, tier).get("status")).as(tier).isEqualTo("ok");
                assertThat(h.run("pool-usage", tier).get("status")).as(tier).isEqualTo("ok");
            }

            assertThat(h.run("queue-backlog", "queue").get("status")).isEqualTo("failed");
            assertThat(h.run(OUTAGE, "queue").get("status")).isEqualTo("failed");
            Await.until("the outage page for both routing keys", () -> got.pager(OUTAGE, "queue", "trigger").size() == 2);
            Await.until("the outage email to both recipients", () -> got.copies(OUTAGE, "queue").size() == 2);
            assertThat(tier(h, "queue")).containsEntry("state", "down");

            // the tier returns: the hub is restarted pointing at the real database
            h.properties().put("hub.tiers.queue.url", h.tiers.url("queue"));
            h.restartHub();
            Map<String, Object> back = h.run(OUTAGE, "queue");
            assertThat(back.get("status")).isEqualTo("ok");
            assertThat(back.get("notice")).isEqualTo("resolve");

            Await.until("the outage resolve for both routing keys", () -> got.pager(OUTAGE, "queue", "resolve").size() == 2);
            Await.until("the resolve email to both recipients", () -> got.resolveEmails(OUTAGE, "queue").size() == 1
                    && got.copies(OUTAGE, "queue").size() == 4);
            h.awaitDeliveriesDone();
            assertThat(got.pager(OUTAGE, "queue", "trigger")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
            assertThat(got.pager(OUTAGE, "queue", "resolve")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
            assertThat(got.pager("trigger")).as("nothing else paged").hasSize(2);
            assertThat(got.pager("resolve")).hasSize(2);
            List<MimeMessage> triggers = got.triggerEmails(OUTAGE, "queue");
            List<MimeMessage> resolves = got.resolveEmails(OUTAGE, "queue");
            assertThat(triggers).hasSize(1);
            assertThat(resolves).hasSize(1);
            assertThat(Received.header(resolves.get(0), "In-Reply-To")).isEqualTo(Received.messageId(triggers.get(0)));
            assertThat(h.mail.getReceivedMessages()).as("no other email").hasSize(4);
            assertThat(tier(h, "queue")).containsEntry("state", "reachable");
            assertThat(firingGroups(h)).isEmpty();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** A JDBC URL whose port refuses connections. */
    private static String closedPortUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + Ports.closedPort() + "/" + database;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tier(HubHarness h, String tier) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) h.health().get("tiers")).get(tier);
    }

    @SuppressWarnings("unchecked")
    private static List<String> staleGroups(HubHarness h) throws Exception {
        return (List<String>) h.health().get("staleGroups");
    }

    @SuppressWarnings("unchecked")
    private static List<String> firingGroups(HubHarness h) throws Exception {
        return (List<String>) h.health().get("firingGroups");
    }
}
