package com.penguinmails.alerthub.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The hub's read-only login, set up the way production should have it: pg_monitor, no superuser, SELECT only. */
final class MonitorRole {

    static final String NAME = "alerthub_monitor";
    static final String PASSWORD = "monitor";
    /** Any constant will do, as long as every testkit JVM uses the same one to serialise role setup. */
    private static final long SETUP_LOCK = 7_308_894_876_452_317_281L;

    private static boolean ensured;

    private MonitorRole() {
    }

    /**
     * Creates or repairs the role once per JVM. Parallel test JVMs share the cluster, so setup runs
     * under an advisory lock, and a role created by someone outside the lock is tolerated.
     */
    static synchronized void ensure() throws SQLException {
        if (ensured) {
            return;
        }
        try (Connection connection = Pg.connect(Pg.MAINTENANCE_DB, Pg.ADMIN_APP);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
            statement.execute("DO $$ BEGIN CREATE ROLE " + NAME + "; "
                    + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
            statement.execute("ALTER ROLE " + NAME + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + PASSWORD + "'");
            statement.execute("GRANT pg_monitor TO " + NAME);
            connection.commit();
        }
        ensured = true;
    }

    /** Run as the database owner (postgres) inside the database being opened to the monitor. */
    static void grantReadOnly(Connection database) throws SQLException {
        try (Statement statement = database.createStatement()) {
            // PostgreSQL 15 already does this; older servers let every role create in public.
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("GRANT USAGE ON SCHEMA public TO " + NAME);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + NAME);
            // Covers tables and schemas the demo SQL or a test creates afterwards, without re-granting.
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + Pg.SUPERUSER + " GRANT SELECT ON TABLES TO " + NAME);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + Pg.SUPERUSER + " GRANT USAGE ON SCHEMAS TO " + NAME);
        }
    }
}
