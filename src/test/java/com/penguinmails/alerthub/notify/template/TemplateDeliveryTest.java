package com.penguinmails.alerthub.notify.template;

import static com.penguinmails.alerthub.testkit.Received.subject;
import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.WebhookReceiver;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ops' templates reach the receivers: a severity's own file wins over the channel's, the channel's file covers the
 * other severities, and the built-in text fills what ops did not write. The JSON around the strings stays the hub's.
 */
class TemplateDeliveryTest {

    @TempDir
    Path tmp;

    @Test
    void aCriticalAlertUsesItsSeverityTemplateAndAHighOneTheChannelDefault() throws Exception {
        RoutesCopy routes = RoutesCopy.of(tmp, "templated")
                .write("templates/email-critical.subject.mustache", "PAGE {{environment}}/{{tier}}: {{incident}} ({{#rows}}{{value}}{{/rows}} %)\n")
                .write("templates/webhook.text.mustache", "{{severity}} {{check}} on {{tier}}: {{headline}}\n{{#rows}}- {{key}}{{column}}\n{{/rows}}");
        try (HubHarness h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString(), "hub.tiers.olap.pool-max", "5"))) {
            try (HeldConnections held = h.tiers.holdConnections("olap", 5)) {
                assertThat(((Map<?, ?>) h.run("pool-usage", "olap").get("group")).get("severity")).isEqualTo("critical");
            }
            h.tiers.execute("queue", "DELETE FROM jobs");
            h.tiers.execute("queue", "INSERT INTO jobs (priority, status) SELECT 'normal', 'pending' FROM generate_series(1, 150)");
            assertThat(((Map<?, ?>) h.run("queue-backlog", "queue").get("group")).get("severity")).isEqualTo("high");
            h.awaitDeliveriesDone();

            List<String> subjects = Arrays.stream(h.mail.getReceivedMessages()).map(m -> subject(m)).toList();
            assertThat(subjects).as("one email each to the lead and the on-call, per alert").hasSize(4);
            assertThat(subjects).filteredOn(t -> t.startsWith("PAGE")).as("critical: its own subject")
                    .containsExactly("PAGE prod/olap: Connection Pool Exhaustion (100.0 %)", "PAGE prod/olap: Connection Pool Exhaustion (100.0 %)");
            assertThat(subjects).filteredOn(t -> !t.startsWith("PAGE")).as("high: the shipped subject").hasSize(2)
                    .allSatisfy(t -> assertThat(t).startsWith("[PROD][HIGH] Performance Degradation: queue (").endsWith(") queue-backlog"));

            // two groups, two lanes: their webhooks may arrive in either order
            List<WebhookReceiver.Received> hooks = h.webhook.received();
            assertThat(hooks).hasSize(2);
            Map<String, Object> critical = hook(hooks, "critical");
            assertThat(critical).containsEntry("text", "critical pool-usage on olap: usage_pct = 100.0 (critical > 90)\n- usage_pct\n")
                    .containsEntry("status", "firing");
            assertThat((String) critical.get("title")).as("the shipped webhook title").startsWith("[PROD][CRITICAL] Connection Pool Exhaustion: olap (");
            assertThat(hook(hooks, "high")).containsEntry("text", "high queue-backlog on queue: pending_jobs = 150 (high > 100)\n- pending_jobs\n");

            assertThat(h.pager.accepted("trigger")).as("critical pages the lead and the on-call; high pages nobody").hasSize(2)
                    .allSatisfy(e -> assertThat((String) ((Map<?, ?>) e.get("payload")).get("summary"))
                            .startsWith("[PROD][CRITICAL] Connection Pool Exhaustion: olap (").endsWith("pool-usage: usage_pct = 100.0 (critical > 90)"));
        }
    }

    private static Map<String, Object> hook(List<WebhookReceiver.Received> hooks, String severity) {
        return hooks.stream().map(WebhookReceiver.Received::body).filter(b -> severity.equals(b.get("severity"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + severity + " webhook in " + hooks));
    }
}
