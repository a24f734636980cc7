package com.penguinmails.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Ports;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * History retention: the daily purge ({@code direct:purge-store}, run here after advancing the hub's clock) deletes
 * sent and dead notifications and resolved alerts with their history once they are older than
 * {@code hub.store.retention} (30 days by default), and never a pending notification or an open alert.
 */
class RetentionTest {

    private static final String CHECK = "pool-usage";

    private HubHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) h.close();
    }

    @Test
    void sentDeadAndResolvedHistoryGoAfterThirtyDaysPendingNotificationsAndOpenAlertsStay() throws Exception {
        // SMTP refuses: every email fails once and waits 60 days for its retry, so emails stay pending throughout
        h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5", "hub.tiers.queue.pool-max", "5",
                "hub.smtp.port", Integer.toString(Ports.closedPort()), "hub.notify.retry-delay", "60d", "hub.notify.max-retry-delay", "60d"));
        // day 0: olap fires (its global webhook answers 400: dead, and falls back) and resolves; queue fires and stays firing
        h.webhook.failNext(1, 400);
        trigger("olap");
        trigger("queue");
        assertThat(h.run(CHECK, "olap").get("notice")).isEqualTo("resolve");
        h.awaitDeliveriesDone();
        long oldResolved = alertId("olap", "RESOLVED");
        long open = alertId("queue", "FIRING");
        // per trigger or resolve: two pages, the webhook, PostHog's event and health sample sent, the email pending;
        // the dead webhook's fallback: an email (pending) and db_alert_delivery_failed (sent)
        assertThat(counts()).isEqualTo(counts(15, 1, 4, 2, 3));

        // day 20: olap fires and resolves again, everything delivered but the emails
        h.clock.advance(Duration.ofDays(20));
        trigger("olap");
        assertThat(h.run(CHECK, "olap").get("notice")).isEqualTo("resolve");
        h.awaitDeliveriesDone();
        long recentResolved = query("SELECT MAX(id) FROM alert WHERE tier = 'olap'");
        Map<String, Long> day20 = counts(25, 1, 6, 3, 5);
        assertThat(counts()).isEqualTo(day20);

        h.clock.advance(Duration.ofDays(9).plusHours(23));
        assertThat(purge()).as("day 29 23:00 (09:00 start): nothing is 30 days old yet").isEqualTo(new Retention.Purged(0, 0, 0));
        assertThat(counts()).isEqualTo(day20);

        h.clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(purge()).as("day 30 09:01: day 0's 15 sent and 1 dead notification, olap's first alert and its fired and resolved")
                .isEqualTo(new Retention.Purged(16, 1, 2));
        assertThat(counts()).as("day 20's notifications and alert stay, and every pending email, day 0's four too")
                .isEqualTo(counts(10, 0, 6, 2, 3));
        assertThat(query("SELECT count(*) FROM outbox WHERE state = 'PENDING' AND created_at < TIMESTAMP WITH TIME ZONE '2026-11-26 00:00:00+00'"))
                .as("pending for 30 days, still owed").isEqualTo(4);
        assertThat(h.history(open)).as("the open alert keeps its history").extracting(e -> e.get(0)).containsExactly("fired");
        assertThat(purge()).as("a second purge finds nothing more").isEqualTo(new Retention.Purged(0, 0, 0));
        assertThat(h.get("/api/alerts/" + oldResolved, HubHarness.TOKEN).statusCode()).as("the purged alert is gone").isEqualTo(404);
        assertThat(h.get("/api/alerts/" + recentResolved, HubHarness.TOKEN).statusCode()).isEqualTo(200);
        assertThat(h.get("/api/alerts/" + open, HubHarness.TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void aRetentionShorterThanADayOrNotADurationIsRefused() {
        assertThat(problems("12h")).containsExactly("application.properties: hub.store.retention: must be at least 1d (e.g. 30d):"
                + " sent notifications and resolved alerts are kept that long");
        assertThat(problems("a month")).containsExactly("application.properties: hub.store.retention: 'a month' is not a duration"
                + " (use e.g. 30s, 5m, 1h, 1d)");
        assertThat(HubConfig.load(Map.of()).settings().storeRetention()).as("the default").isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aStorePoolOfFewerThanTwoConnectionsIsRefused() {
        assertThat(problems("hub.store.pool-size", "1")).containsExactly("application.properties: hub.store.pool-size: must be at least 2"
                + " (e.g. 10): the outbox relay and a check run each need a connection");
        assertThat(problems("hub.store.pool-size", "ten")).containsExactly("application.properties: hub.store.pool-size: 'ten' is not a whole number");
        assertThat(HubConfig.load(Map.of()).settings().storePoolSize()).as("the default").isEqualTo(10);
    }

    private static List<String> problems(String retention) {
        return problems("hub.store.retention", retention);
    }

    private static List<String> problems(String key, String value) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> HubConfig.load(Map.of(key, value)));
        assertThat(e).as(key + "=" + value + " is refused").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private void trigger(String tier) throws Exception {
        try (HeldConnections held = h.tiers.holdConnections(tier, 5)) {
            assertThat(h.run(CHECK, tier).get("notice")).isEqualTo("trigger");
        }
    }

    private Retention.Purged purge() {
        return h.hub().camel().createProducerTemplate().requestBody("direct:purge-store", null, Retention.Purged.class);
    }

    private static Map<String, Long> counts(long sent, long dead, long pending, long alerts, long history) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("outbox SENT", sent);
        c.put("outbox DEAD", dead);
        c.put("outbox PENDING", pending);
        c.put("alert", alerts);
        c.put("alert_history", history);
        return c;
    }

    /** Rows per table, outbox rows per state. */
    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String state : new String[] {"SENT", "DEAD", "PENDING"}) c.put("outbox " + state, query("SELECT count(*) FROM outbox WHERE state = '" + state + "'"));
        c.put("alert", query("SELECT count(*) FROM alert"));
        c.put("alert_history", query("SELECT count(*) FROM alert_history"));
        return c;
    }

    private long alertId(String tier, String state) throws SQLException {
        return query("SELECT MIN(id) FROM alert WHERE tier = '" + tier + "' AND state = '" + state + "'");
    }

    private long query(String sql) throws SQLException {
        try (Connection c = h.hub().bean("stateStore", StateStore.class).dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
