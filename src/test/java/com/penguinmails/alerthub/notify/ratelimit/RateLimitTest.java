package com.penguinmails.alerthub.notify.ratelimit;

import static com.penguinmails.alerthub.testkit.Received.distinct;
import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static com.penguinmails.alerthub.testkit.Contacts.DBOPS;
import static com.penguinmails.alerthub.testkit.Contacts.ONCALL;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.WebhookReceiver;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limit per role: beyond {@code max} notices in a window to one role, the rest are held and one summary per role
 * lists every one of them when the window ends (on the escalation tick, in TestClock time). Resolves count and are
 * held too, except the PagerDuty resolve, which still closes its page.
 */
class RateLimitTest {

    private static final String MATRIX = "contact-matrix.yaml";

    @TempDir
    Path tmp;

    @Test
    void noticesBeyondTheLimitWaitForOneSummaryPerRoleAtTheEndOfTheWindow() throws Exception {
        try (WebhookReceiver oncallHook = WebhookReceiver.start()) {
            RoutesCopy routes = RoutesCopy.of(tmp, "limited").edit(MATRIX, "\nchain:", "\nrate-limit: {max: 2, per: 10m}\n\nchain:")
                    .edit(MATRIX, "oncall-engineer.pager:unset}}\"\n    webhook: unset", "oncall-engineer.pager:unset}}\"\n    webhook: " + oncallHook.url());
            limitedStorm(routes, oncallHook);
        }
    }

    private void limitedStorm(RoutesCopy routes, WebhookReceiver oncallHook) throws Exception {
        try (HubHarness h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(), "hub.tiers.olap.pool-max", "5"))) {
            HeldConnections held = h.tiers.holdConnections("olap", 5);
            h.run("pool-usage", "olap");
            h.run("queue-backlog", "queue");
            h.awaitDeliveriesDone();
            assertThat(perRecipient(h)).as("two triggers, each to the lead and the on-call").isEqualTo(Map.of(DBOPS, 2, ONCALL, 2));

            // both roles have had their two: the resolves are held (but PagerDuty's resolve closes its page)
            h.clock.advance(Duration.ofMinutes(3));
            h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now()");
            h.run("queue-backlog", "queue");
            held.close();
            h.run("pool-usage", "olap");
            h.awaitDeliveriesDone();
            assertThat(perRecipient(h)).as("nothing more by email").isEqualTo(Map.of(DBOPS, 2, ONCALL, 2));
            assertThat(h.pager.accepted("resolve")).extracting(e -> e.get("routing_key"))
                    .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
            assertThat(h.webhook.received()).as("the hub-wide webhook is no role: it hears all four").hasSize(4);
            assertThat(oncallHook.received()).as("the on-call's own webhook: the two triggers").hasSize(2);

            h.clock.advance(Duration.ofMinutes(7).minusSeconds(1));
            tick(h);
            assertThat(h.mail.getReceivedMessages()).as("the window has not ended").hasSize(4);
            h.clock.advance(Duration.ofSeconds(1));
            tick(h);
            tick(h);
            List<MimeMessage> summaries = Arrays.stream(h.mail.getReceivedMessages()).filter(m -> subject(m).contains(" more notification")).toList();
            assertThat(summaries).extracting(m -> subject(m)).as("one each, once").containsExactlyInAnyOrder(
                    "[PROD] 2 more notifications for Database Operations Lead in the last 10 min",
                    "[PROD] 2 more notifications for On-Call Engineer in the last 10 min");
            assertThat(summaries).allSatisfy(m -> {
                assertThat(m.getRecipients(Message.RecipientType.TO)).hasSize(1);
                String body = GreenMailUtil.getBody(m);
                assertThat(body).contains("[PROD][HIGH][RESOLVED] Performance Degradation: queue (").contains(") queue-backlog")
                        .contains("[PROD][CRITICAL][RESOLVED] Connection Pool Exhaustion: olap (").contains(") pool-usage");
            });

            assertThat(oncallHook.received()).hasSize(3);
            WebhookReceiver.Received summary = oncallHook.received().get(2);
            assertThat(summary.body()).containsEntry("notice", "rate_limit_summary").containsEntry("role", "oncall-engineer")
                    .containsEntry("title", "2 more notifications for On-Call Engineer in the last 10 min");
            assertThat((List<?>) summary.body().get("held")).hasSize(2);
            assertThat(summary.headers().get("idempotency-key")).isEqualTo(summary.body().get("id"));

            // a new window: the next notice goes out at once
            h.tiers.execute("queue", "INSERT INTO jobs (priority, status) SELECT 'normal', 'pending' FROM generate_series(1, 150)");
            h.run("queue-backlog", "queue");
            h.awaitDeliveriesDone();
            assertThat(perRecipient(h)).as("the new trigger, to both").isEqualTo(Map.of(DBOPS, 3, ONCALL, 3));
            assertThat(h.mail.getReceivedMessages()).hasSize(8);
            assertThat(oncallHook.received()).hasSize(4);
        }
    }

    @Test
    void aHeldNoticeSurvivesARestartAndItsSummaryStillGoesOut() throws Exception {
        RoutesCopy routes = RoutesCopy.of(tmp, "restart").edit(MATRIX, "\nchain:", "\nrate-limit: {max: 1, per: 10m}\n\nchain:");
        try (HubHarness h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString()))) {
            h.tiers.execute("queue", "DELETE FROM jobs");
            h.tiers.execute("queue", "INSERT INTO jobs (priority, status) SELECT 'normal', 'pending' FROM generate_series(1, 150)");
            h.run("queue-backlog", "queue");
            h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now()");
            h.run("queue-backlog", "queue");
            h.awaitDeliveriesDone();
            assertThat(perRecipient(h)).as("the trigger went out, the resolve is held").isEqualTo(Map.of(DBOPS, 1, ONCALL, 1));

            h.restartHub();
            h.clock.advance(Duration.ofMinutes(10));
            tick(h);
            List<MimeMessage> summaries = Arrays.stream(h.mail.getReceivedMessages()).filter(m -> subject(m).contains(" more notification")).toList();
            assertThat(summaries).extracting(m -> subject(m)).containsExactlyInAnyOrder(
                    "[PROD] 1 more notification for Database Operations Lead in the last 10 min",
                    "[PROD] 1 more notification for On-Call Engineer in the last 10 min");
            assertThat(summaries).allSatisfy(m -> assertThat(GreenMailUtil.getBody(m)).contains("[PROD][HIGH][RESOLVED] Performance Degradation: queue ("));
            assertThat(h.mail.getReceivedMessages()).hasSize(4);
        }
    }

    @Test
    void aRateLimitThatMakesNoSenseIsRefusedAtItsLine() {
        RoutesCopy routes = RoutesCopy.of(tmp, "bad-limits")
                .edit(MATRIX, "\nchain:", "\nrate-limit: {max: 0, per: 10m}\n\nchain:")
                .edit(MATRIX, "name: On-Call Engineer\n", "name: On-Call Engineer\n    rate-limit: {max: 5, per: 30s, burst: 2}\n");
        int all = routes.lineOf(MATRIX, "rate-limit: {max: 0");
        int role = routes.lineOf(MATRIX, "rate-limit: {max: 5");
        Map<String, String> overrides = Map.of("hub.routes.dir", routes.dir().toString());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Hub.validate(overrides));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                routes.path(MATRIX) + ":" + all + ": rate-limit: max: '0' is not a whole number of notices of at least 1",
                routes.path(MATRIX) + ":" + role + ": role 'oncall-engineer': rate-limit: unknown field 'burst' (known: max, per)",
                routes.path(MATRIX) + ":" + role + ": role 'oncall-engineer': rate-limit: per: '30s' is shorter than 1m");
    }

    private static void tick(HubHarness h) {
        h.hub().camel().createProducerTemplate().sendBody("direct:escalate", null);
        h.awaitDeliveriesDone();
    }

    /** Alert emails (summaries left out) per recipient, one per Message-ID. */
    private static Map<String, Integer> perRecipient(HubHarness h) throws Exception {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (MimeMessage m : distinct(Arrays.asList(h.mail.getReceivedMessages()))) {
            if (subject(m).contains(" more notification")) continue;
            for (var to : m.getAllRecipients()) counts.merge(to.toString(), 1, Integer::sum);
        }
        return counts;
    }
}
