package com.penguinmails.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.BlackholeServer;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import com.penguinmails.alerthub.testkit.RestartScenario;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Channels that fail: an SMTP server that accepts and never answers, a hub restarted between trigger and clear,
 * PagerDuty answering 500 (retried) and 400 (not retried). Each channel fails on its own; the others still deliver,
 * and /health says which one is down and why.
 */
class ChannelFaultTest {

    /** pool-usage on OLAP with the application's pool max at 5: five held connections are 100 %, critical. */
    private static final String CHECK = "pool-usage";
    private static final String TIER = "olap";
    private static final Map<String, String> SMALL_OLAP_POOL = Map.of("hub.tiers.olap.pool-max", "5");

    private HubHarness h;
    private BlackholeServer blackhole;

    @AfterEach
    void stop() throws Exception {
        try {
            if (h != null) h.close();
        } finally {
            if (blackhole != null) blackhole.close();
        }
    }

    @Test
    void anSmtpServerThatNeverAnswersDelaysNoPageAndShowsEmailDown() throws Exception {
        blackhole = BlackholeServer.start();
        h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5", "hub.smtp.port", Integer.toString(blackhole.port())));
        Received got = new Received(h);

        triggerWhileThePoolIsFull();
        Await.until("the page for both routing keys", () -> got.pager(CHECK, TIER, "trigger").size() == 2);
        assertThat(channel("email").get("status")).as("the page did not wait for the email").isNotEqualTo("down");

        Await.untilChecked("email to be down", () -> "down".equals(channel("email").get("status")));
        h.awaitDeliveriesDone();
        Map<String, Object> email = channel("email");
        assertThat((String) email.get("lastError")).as("the hub's own SMTP read timeout ended each attempt").contains("timed out");
        assertThat(email).containsEntry("failed", 1).containsEntry("delivered", 0);
        assertThat(blackhole.acceptedCount()).as("one attempt and hub.notify.retries=2 retries").isEqualTo(3);
        assertThat(got.pager(CHECK, TIER, "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(channel("pager")).containsEntry("status", "up").containsEntry("delivered", 2).containsEntry("failed", 0);
    }

    @Test
    void aRestartBetweenTriggerAndClearSendsNoSecondTriggerAndOneResolve() throws Exception {
        h = HubHarness.start(SMALL_OLAP_POOL);
        RestartScenario.restartBetweenTriggerAndClear(h, CHECK, TIER, 5);
    }

    @Test
    void pagerDutyAnswering500TwiceIsRetriedAndAcceptedOnce() throws Exception {
        Received got = triggerWithPagerDutyFailing(2, 500);
        Await.until("the page for both routing keys", () -> got.pager(CHECK, TIER, "trigger").size() == 2);
        h.awaitDeliveriesDone();
        // the first event met both 500s: only its retries got it through
        assertThat(got.pager(CHECK, TIER, "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(h.pager.accepted()).hasSize(2);
        assertThat(h.pager.rejected()).isEmpty();
        assertThat(channel("pager")).containsEntry("status", "up").containsEntry("delivered", 2).containsEntry("failed", 0);
    }

    @Test
    void pagerDutyAnswering400IsNotRetriedShowsPagerDownAndTheEmailStillArrives() throws Exception {
        Received got = triggerWithPagerDutyFailing(1, 400);
        Await.until("the trigger email to both recipients", () -> got.copies(CHECK, TIER).size() == 2);
        Await.until("the second routing key's page", () -> got.pager(CHECK, TIER, "trigger").size() == 1);
        h.awaitDeliveriesDone();
        // the pages go out side by side: whichever routing key met the 400 was not paged again
        assertThat(h.pager.accepted()).hasSize(1);
        boolean leadFailed = HubHarness.ONCALL_KEY.equals(h.pager.accepted().get(0).get("routing_key"));
        Map<String, Object> pager = channel("pager");
        assertThat(pager).containsEntry("status", "down").containsEntry("failed", 1).containsEntry("delivered", 1);
        assertThat((String) pager.get("lastError")).startsWith("HTTP 400");
        assertThat(got.triggerEmails(CHECK, TIER)).hasSize(1);
        // the page that could not go through reached its person another way: by email
        assertThat(got.fallbackEmails(CHECK, TIER)).singleElement().satisfies(m -> {
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo(leadFailed ? "dbops@penguinmails.com" : "oncall@penguinmails.com");
            assertThat(m.getSubject()).startsWith("[DELIVERY FAILED] [PROD][CRITICAL] Connection Pool Exhaustion");
            assertThat(Received.text(m)).contains("could not deliver this pager notification to "
                    + (leadFailed ? "Database Operations Lead" : "On-Call Engineer") + " (HTTP 400");
        });
        assertThat(channel("email")).containsEntry("status", "up");
    }

    /** A hub whose PagerDuty answers the next {@code n} requests with {@code status}, and the run that triggers. */
    private Received triggerWithPagerDutyFailing(int n, int status) throws Exception {
        h = HubHarness.start(SMALL_OLAP_POOL);
        Received got = new Received(h);
        h.pager.failNext(n, status);
        triggerWhileThePoolIsFull();
        return got;
    }

    /** One run with OLAP's pool full (five held connections, 100 %): it triggers; the connections are released after. */
    private void triggerWhileThePoolIsFull() throws Exception {
        try (HeldConnections held = h.tiers.holdConnections(TIER, 5)) {
            assertThat(h.run(CHECK, TIER).get("notice")).isEqualTo("trigger");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> channel(String name) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) h.health().get("channels")).get(name);
    }
}
