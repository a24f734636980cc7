package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * A hub restarted between a trigger and its clear: the restarted hub finds the firing alert it stored, so its next run
 * sends no second trigger, and the run that clears the breach sends exactly one resolve, on pager and email, answering
 * the trigger.
 */
public final class RestartScenario {

    /** Something a test adds at a point of the scenario, e.g. a look at the store. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private RestartScenario() {
    }

    /** As {@link #restartBetweenTriggerAndClear(HubHarness, String, String, int, Step)}, with nothing added. */
    public static void restartBetweenTriggerAndClear(HubHarness h, String check, String tier, int held) throws Exception {
        restartBetweenTriggerAndClear(h, check, tier, held, () -> { });
    }

    /**
     * The check breaches on the tier while {@code held} of the tier's connections are held (pool-usage with a small
     * pool max), and clears once they are released. {@code whileFiring} runs after the trigger's deliveries and
     * before the restart.
     */
    public static void restartBetweenTriggerAndClear(HubHarness h, String check, String tier, int held, Step whileFiring) throws Exception {
        Received got = new Received(h);

        try (HeldConnections connections = h.tiers.holdConnections(tier, held)) {
            assertThat(h.run(check, tier).get("notice")).isEqualTo("trigger");
            Await.until("the trigger on pager and email", () -> got.pager(check, tier, "trigger").size() == 2 && got.copies(check, tier).size() == 2);
            h.awaitDeliveriesDone();
            whileFiring.run();

            h.restartHub();
            Map<String, Object> again = h.run(check, tier);
            assertThat(again.get("status")).isEqualTo("ok");
            assertThat(((Map<?, ?>) again.get("group")).get("firing")).as("still firing after the restart").isEqualTo(true);
            assertThat(again.get("notice")).isEqualTo("none");
        }
        Map<String, Object> cleared = h.run(check, tier);
        assertThat(cleared.get("notice")).isEqualTo("resolve");

        Await.until("the resolve on pager and email", () -> got.pager(check, tier, "resolve").size() == 2 && got.resolveEmails(check, tier).size() == 1);
        h.awaitDeliveriesDone();
        got.assertPagedAndMailedOnceEachWay(check, tier);
        assertThat(h.mail.getReceivedMessages()).as("trigger and resolve, one copy per recipient, nothing else").hasSize(4);
    }
}
