package com.penguinmails.alerthub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The hub's own database: embedded H2 under ./data by default (no server, and independent of the databases it
 * watches), PostgreSQL when {@code hub.store.url} says so. Flyway brings the schema up to date at start.
 */
public final class StateStore implements AutoCloseable {

    private final HikariDataSource dataSource;

    /** @param poolSize connections: the Quartz threads running checks, plus the relay's pump and its "sent" marks */
    public StateStore(String url, String username, String password, int poolSize) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("state-store");
        c.setJdbcUrl(durable(url));
        c.setUsername(username);
        c.setPassword(password);
        c.setMaximumPoolSize(poolSize);
        this.dataSource = new HikariDataSource(c);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * H2 writes a commit to its file in the background up to {@code WRITE_DELAY} (500 ms) later, so a kill -9 loses
     * the last commits: an outbox row already delivered, or its "sent" mark, or an escalation step. With 0 a commit is
     * in the file before it returns, before the relay sends anything. An H2 URL that sets WRITE_DELAY itself is kept.
     */
    static String durable(String url) {
        boolean h2OnDisk = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        return h2OnDisk && !url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=") ? url + ";WRITE_DELAY=0" : url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
