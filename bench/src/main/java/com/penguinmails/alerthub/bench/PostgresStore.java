package com.penguinmails.alerthub.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/** A fresh PostgreSQL database on the local server for the hub's state store (hub.store.url), dropped at close. */
final class PostgresStore implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    final String database;

    private PostgresStore(String database) {
        this.database = database;
    }

    static PostgresStore create() throws SQLException {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "ahtest_store_" + HexFormat.of().formatHex(random);
        admin("CREATE DATABASE " + name);
        return new PostgresStore(name);
    }

    Map<String, String> hubProperties() {
        return Map.of("hub.store.url", url(), "hub.store.username", "postgres", "hub.store.password", "");
    }

    String url() {
        return SERVER + database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
