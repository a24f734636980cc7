package com.penguinmails.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.Await;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.Received;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state store on PostgreSQL instead of the embedded H2: Flyway migrates a fresh database, and the alert state
 * it keeps carries a firing alert across a restart (no second trigger) to exactly one resolve.
 */
class PostgresStoreTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String CHECK = "pool-usage";
    private static final String TIER = "olap";

    private String database;
    private HubHarness h;

    @BeforeEach
    void createStoreDatabase() throws SQLException {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        database = "ahstore_" + HexFormat.of().formatHex(random);
        admin("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropStoreDatabase() throws Exception {
        try {
            if (h != null) h.close();
        } finally {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void flywayMigratesAndARestartBetweenTriggerAndClearSendsOneTriggerAndOneResolve() throws Exception {
        h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5", "hub.store.url", SERVER + database,
                "hub.store.username", "postgres", "hub.store.password", ""));
        Received got = new Received(h);
        assertThat(storeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(1);

        try (HeldConnections held = h.tiers.holdConnections(TIER, 5)) {
            assertThat(h.run(CHECK, TIER).get("notice")).isEqualTo("trigger");
            Await.until("the trigger on pager and email", () -> got.pager(CHECK, TIER, "trigger").size() == 2 && got.copies(CHECK, TIER).size() == 2);
            h.awaitDeliveriesDone();
            assertThat(storeQuery("SELECT count(*) FROM alert WHERE state = 'FIRING'")).as("the firing alert is in PostgreSQL").isEqualTo(1);

            h.restartHub();
            Map<String, Object> again = h.run(CHECK, TIER);
            assertThat(again.get("status")).isEqualTo("ok");
            assertThat(((Map<?, ?>) again.get("group")).get("firing")).as("still firing after the restart").isEqualTo(true);
            assertThat(again.get("notice")).isEqualTo("none");
        }
        Map<String, Object> cleared = h.run(CHECK, TIER);
        assertThat(cleared.get("notice")).isEqualTo("resolve");

        Await.until("the resolve on pager and email", () -> got.pager(CHECK, TIER, "resolve").size() == 2 && got.resolveEmails(CHECK, TIER).size() == 1);
        h.awaitDeliveriesDone();
        assertThat(got.pager(CHECK, TIER, "trigger")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(got.pager(CHECK, TIER, "resolve")).extracting(e -> e.get("routing_key"))
                .containsExactlyInAnyOrder(HubHarness.DB_LEAD_KEY, HubHarness.ONCALL_KEY);
        assertThat(h.pager.accepted()).as("nothing else paged").hasSize(4);
        List<MimeMessage> triggers = got.triggerEmails(CHECK, TIER);
        List<MimeMessage> resolves = got.resolveEmails(CHECK, TIER);
        assertThat(triggers).hasSize(1);
        assertThat(resolves).hasSize(1);
        assertThat(Received.header(resolves.get(0), "In-Reply-To")).isEqualTo(Received.messageId(triggers.get(0)));
        assertThat(h.mail.getReceivedMessages()).as("trigger and resolve, one copy per recipient, nothing else").hasSize(4);
        assertThat(storeQuery("SELECT count(*) FROM alert WHERE state = 'RESOLVED'")).isEqualTo(1);
        assertThat(storeQuery("SELECT count(*) FROM alert_history")).as("fired, updated after the restart, resolved").isEqualTo(3);
    }

    private long storeQuery(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
