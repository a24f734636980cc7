package com.penguinmails.alerthub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Service;
import org.flywaydb.core.Flyway;

/**
 * The hub's own database: embedded H2 under ./data by default (no server, and independent of the databases it
 * watches), PostgreSQL when {@code hub.store.url} says so. Flyway brings the schema up to date at start.
 */
public final class StateStore implements Service {

    /** Appended to an H2 URL in this order, each unless the URL sets it (see {@link #withH2Settings}). */
    private static final List<Map.Entry<String, String>> H2_SETTINGS = List.of(Map.entry("QUERY_CACHE_SIZE", "64"),
            Map.entry("AUTO_COMPACT_FILL_RATE", "50"), Map.entry("DB_CLOSE_ON_EXIT", "FALSE"));

    private final HikariDataSource dataSource;
    private final boolean h2OnDisk;

    /** @param poolSize connections: the Quartz threads running checks, plus the relay's pump and its "sent" marks */
    public StateStore(String url, String username, String password, int poolSize) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("state-store");
        c.setJdbcUrl(withH2Settings(url));
        c.setUsername(username);
        c.setPassword(password);
        c.setMaximumPoolSize(poolSize);
        this.dataSource = new HikariDataSource(c);
        this.h2OnDisk = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * H2's settings for the hub, each kept when the URL sets it itself. {@code QUERY_CACHE_SIZE=64}: a session keeps 8
     * parsed statements by default, fewer than a check run, the relay and the deliveries use in turn, so each statement
     * was parsed again nearly every time. {@code AUTO_COMPACT_FILL_RATE=50}: H2's background writer compacts the file
     * whenever less than 90 % of it is live data, holding the store for up to 100 ms at a time under a steady stream of
     * notifications (the outbox bench's p99); at 50 it compacts only when the file is twice its data, which it was
     * anyway. {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook closed the database while Camel's graceful
     * shutdown was still delivering and marking notifications; the store is a Camel service instead, closed after the
     * routes stopped. Commits are left to H2's background writer ({@code WRITE_DELAY}, 500 ms) and to {@link #flush()},
     * which the relay calls before it sends anything.
     */
    static String withH2Settings(String url) {
        if (!url.startsWith("jdbc:h2:")) return url;
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder withSettings = new StringBuilder(url);
        for (Map.Entry<String, String> setting : H2_SETTINGS) {
            if (!upper.contains(";" + setting.getKey() + "=")) withSettings.append(';').append(setting.getKey()).append('=').append(setting.getValue());
        }
        return withSettings.toString();
    }

    /**
     * Puts every commit made so far on disk, in one write: the relay calls it before it hands notifications to their
     * channels, and the API before it answers an operator. A group commit: H2 otherwise writes its file once per commit
     * (with {@code WRITE_DELAY=0}), which cost every check run and every "sent" mark a file write of its own, or up to
     * 500 ms later in the background. What a kill -9 can lose is therefore only what nobody was told about yet: the
     * last alert changes whose notifications had not been handed to a channel (the next run finds them again). On
     * PostgreSQL a commit is durable when it returns, and this does nothing.
     */
    public void flush() {
        if (!h2OnDisk) return;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new StoreException("cannot write the state store to disk", e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void start() {
        // open since construction: Flyway has migrated it before any route could start
    }

    /** Camel stops its services after its routes: the last delivery's mark is written before the store closes. */
    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
