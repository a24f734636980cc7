package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestkitTierDatabasesTest {

    private TierDatabases tiers;

    @BeforeEach
    void create() throws SQLException {
        tiers = TierDatabases.create();
    }

    @AfterEach
    void close() throws SQLException {
        tiers.close();
    }

    @Test
    void createsFourFreshDatabasesAndDropsThemOnClose() throws SQLException {
        for (String tier : TierDatabases.TIERS) {
            assertThat(tiers.database(tier)).matches("ahtest_[0-9a-f]{8}_" + tier);
            assertThat(tiers.url(tier)).isEqualTo("jdbc:postgresql://127.0.0.1:5432/" + tiers.database(tier));
            assertThat(exists(tiers.database(tier))).isTrue();
        }

        tiers.close();

        for (String tier : TierDatabases.TIERS) {
            assertThat(exists(tiers.database(tier))).isFalse();
        }
    }

    @Test
    void hubPropertiesLogInAsTheMonitor() {
        Map<String, String> properties = tiers.hubProperties();

        assertThat(properties).hasSize(12)
                .containsEntry("hub.tiers.olap.url", tiers.url("olap"))
                .containsEntry("hub.tiers.queue.username", "alerthub_monitor")
                .containsEntry("hub.tiers.content.password", "monitor");
    }

    @Test
    void monitorReadsEveryTableButCannotWrite() throws SQLException {
        tiers.loadSchema("oltp", "CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts VALUES (1), (2);");
        tiers.execute("oltp", "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int); INSERT INTO billing.invoices VALUES (7);");

        try (Connection monitor = asMonitor("oltp"); Statement statement = monitor.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM accounts")).isEqualTo(2);
            assertThat(count(statement, "SELECT count(*) FROM billing.invoices")).isEqualTo(1);
            assertThat(count(statement, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND NOT rolsuper")).isEqualTo(1);
            assertThat(count(statement, "SELECT count(*) WHERE pg_has_role(current_user, 'pg_monitor', 'member')")).isEqualTo(1);
            assertThatThrownBy(() -> statement.execute("CREATE TABLE intruder (id int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> statement.execute("INSERT INTO accounts VALUES (3)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void dropMakesTheTierUnreachableAndRecreateRestoresItsSchema() throws SQLException {
        tiers.loadSchema("queue", "CREATE TABLE jobs (id int); INSERT INTO jobs VALUES (1);");

        tiers.drop("queue");

        assertThat(exists(tiers.database("queue"))).isFalse();
        assertThatThrownBy(() -> asMonitor("queue"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));

        tiers.recreate("queue");

        try (Connection monitor = asMonitor("queue"); Statement statement = monitor.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM jobs")).isEqualTo(1);
        }
    }

    @Test
    void heldConnectionsAndSlowQueriesLookLikeTheApplication() throws Exception {
        try (HeldConnections held = tiers.holdConnections("content", 3);
                BackgroundQuery slow = tiers.runSlowQuery("content", 60);
                Connection admin = tiers.admin("content")) {
            assertThat(held.connections()).hasSize(3);
            assertThat(appBackends(admin)).isEqualTo(4);
            awaitActive(admin, slow.pid());

            slow.close();

            assertThat(activeQuery(admin, slow.pid())).isNull();
        }
    }

    @Test
    void loadsTheDemoSchemasWhenTheyAreOnTheClasspath() throws SQLException {
        assumeTrue(TierDatabases.class.getResource("/demo/oltp.sql") != null, "demo schema not written yet");

        tiers.loadDemoSchemas();

        for (String tier : TierDatabases.TIERS) {
            try (Connection monitor = asMonitor(tier); Statement statement = monitor.createStatement()) {
                assertThat(count(statement, "SELECT count(*) FROM information_schema.tables "
                        + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                        + "AND NOT has_table_privilege(format('%I.%I', table_schema, table_name), 'SELECT')"))
                        .as("tables in %s the monitor cannot read", tier).isZero();
            }
        }
    }

    @Test
    void unknownTierIsRefused() {
        assertThatThrownBy(() -> tiers.url("analytics")).isInstanceOf(IllegalArgumentException.class);
    }

    private Connection asMonitor(String tier) throws SQLException {
        Map<String, String> properties = tiers.hubProperties();
        return DriverManager.getConnection(properties.get("hub.tiers." + tier + ".url"),
                properties.get("hub.tiers." + tier + ".username"), properties.get("hub.tiers." + tier + ".password"));
    }

    private static boolean exists(String database) throws SQLException {
        try (Connection admin = Pg.connect(Pg.MAINTENANCE_DB, Pg.ADMIN_APP);
                PreparedStatement statement = admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private static int count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int appBackends(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            return count(statement, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND backend_type = 'client backend' AND application_name = 'penguinmails-app'");
        }
    }

    /** The sleep starts on another thread; give the server a moment to report it running. */
    private static void awaitActive(Connection admin, int pid) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (activeQuery(admin, pid) == null) {
            assertThat(System.nanoTime()).as("pg_sleep running on pid %d", pid).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(activeQuery(admin, pid)).isEqualTo("SELECT pg_sleep(60)");
    }

    private static String activeQuery(Connection admin, int pid) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(
                "SELECT query FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
            statement.setInt(1, pid);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
