package com.penguinmails.alerthub.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the test PostgreSQL lives and how the testkit logs in to it (trust auth, no password). */
final class Pg {

    static final String SUPERUSER = "postgres";
    static final String MAINTENANCE_DB = "postgres";
    /** The testkit's own sessions, named so a monitor under test can tell them from the application's. */
    static final String ADMIN_APP = "alerthub-testkit";
    /** Sessions that stand for PenguinMails itself, which the hub counts as application load. */
    static final String APP = "penguinmails-app";

    private Pg() {
    }

    static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    static Connection connect(String database, String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url(database), properties);
    }

    /** Database names are generated here from [a-z0-9_], but quoting keeps that an assumption we never rely on. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
