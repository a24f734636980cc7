package com.penguinmails.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RestartScenario;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
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
        long migrations;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        assertThat(storeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")).as("every migration, on PostgreSQL")
                .isEqualTo((int) migrations).isGreaterThanOrEqualTo(8);

        RestartScenario.restartBetweenTriggerAndClear(h, CHECK, TIER, 5, () ->
                assertThat(storeQuery("SELECT count(*) FROM alert WHERE state = 'FIRING'")).as("the firing alert is in PostgreSQL").isEqualTo(1));
        assertThat(storeQuery("SELECT count(*) FROM alert WHERE state = 'RESOLVED'")).isEqualTo(1);
        assertThat(storeQuery("SELECT count(*) FROM alert_history")).as("fired, updated after the restart, resolved").isEqualTo(3);
        assertThat(storeQuery("SELECT count(*) FROM alert_group WHERE escalation_steps = 1 AND escalation_severity = 'CRITICAL'"))
                .as("the escalation state is in PostgreSQL: step 1 notified at trigger time").isEqualTo(1);
    }

    @Test
    void silencesAndMutedGroupsLiveInPostgreSQLToo() throws Exception {
        h = HubHarness.start(Map.of("hub.tiers.olap.pool-max", "5", "hub.store.url", SERVER + database,
                "hub.store.username", "postgres", "hub.store.password", ""));
        String silence = "{\"matchers\": [\"tier=olap\"], \"startsAt\": \"" + h.clock.instant().plus(Duration.ofMinutes(1))
                + "\", \"endsAt\": \"" + h.clock.instant().plus(Duration.ofHours(1)) + "\", \"comment\": \"store test\"}";
        assertThat(h.post("/api/silences", silence, HubHarness.TOKEN).statusCode()).isEqualTo(201);
        h.clock.advance(Duration.ofMinutes(1));
        try (HeldConnections held = h.tiers.holdConnections(TIER, 5)) {
            h.run(CHECK, TIER);
            assertThat(storeQuery("SELECT count(*) FROM muted_group WHERE trigger_held")).as("the held trigger is on record").isEqualTo(1);
            assertThat(h.parse(h.delete("/api/silences/1", HubHarness.TOKEN).body())).containsEntry("state", "expired");
            assertThat(h.escalate()).as("the held trigger and step 2").isEqualTo(2);
        }
        assertThat(h.pager.accepted("trigger")).hasSize(2);
        assertThat(storeQuery("SELECT count(*) FROM muted_group")).isZero();
        assertThat(storeQuery("SELECT count(*) FROM alert_history WHERE change IN ('MUTED', 'UNMUTED')")).isEqualTo(2);
        assertThat(storeQuery("SELECT extract(epoch FROM ends_at - starts_at) FROM silence")).as("expired the moment it was deleted").isZero();
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
