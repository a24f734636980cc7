package com.penguinmails.alerthub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The hub's own database: embedded H2 under ./data by default (no server, and independent of the databases it
 * watches), PostgreSQL when {@code hub.store.url} says so. Flyway brings the schema up to date at start.
 */
public final class StateStore implements AutoCloseable {

    private final HikariDataSource dataSource;

    public StateStore(String url, String username, String password) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("state-store");
        c.setJdbcUrl(url);
        c.setUsername(username);
        c.setPassword(password);
        c.setMaximumPoolSize(4);
        this.dataSource = new HikariDataSource(c);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
