package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.config.HubSettings;
import com.penguinmails.alerthub.config.TierSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * How the hub connects to a tier: read-only, named {@code alert-hub} (so checks can leave the hub's own sessions
 * out), with connect, statement and socket timeouts shorter than any check interval, so a tier that accepts TCP
 * and never answers holds up nothing but its own run.
 */
public final class TierConnections implements AutoCloseable {

    public static final String APPLICATION_NAME = "alert-hub";

    private final HubSettings settings;
    private final Map<String, DelegatingDataSource> pools = new LinkedHashMap<>();

    public TierConnections(HubSettings settings) {
        this.settings = settings;
        settings.tiers().values().forEach(t -> pools.put(t.name(), new DelegatingDataSource(newPool(t))));
    }

    /**
     * The checks' pool for a tier, bound in the registry as {@code tier-<name>} for camel-sql. It is a stable
     * handle: {@link #reset} swaps the pool behind it.
     */
    public DataSource pool(String tier) {
        return pools.get(tier);
    }

    public Map<String, DelegatingDataSource> pools() {
        return pools;
    }

    /**
     * A fresh pool for a tier that came back: Hikari keeps retrying a dead server with a growing backoff and
     * would answer the next runs with the old failure for seconds after the tier is up again.
     */
    public synchronized void reset(String tier) {
        DelegatingDataSource handle = pools.get(tier);
        HikariDataSource old = (HikariDataSource) handle.getTargetDataSource();
        handle.setTargetDataSource(newPool(settings.tiers().get(tier)));
        old.close();
    }

    /** A connection of its own, outside the pool: the reachability probe must not wait behind stuck checks. */
    public Connection open(TierSettings tier) throws SQLException {
        Properties p = driverProperties(tier);
        p.setProperty("user", tier.username());
        p.setProperty("password", tier.password());
        return DriverManager.getConnection(tier.url(), p);
    }

    private HikariDataSource newPool(TierSettings tier) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("tier-" + tier.name());
        c.setJdbcUrl(tier.url());
        c.setUsername(tier.username());
        c.setPassword(tier.password());
        c.setMaximumPoolSize(tier.hubPoolSize());
        c.setMinimumIdle(0);
        c.setReadOnly(true);
        // Each run is its own BEGIN READ ONLY transaction, rolled back when the connection goes back to the pool. In
        // autocommit the driver only makes the session read-only, and check SQL can undo that for later runs on the
        // same pooled session (SELECT set_config('default_transaction_read_only', 'off', false)); the same goes for
        // statement_timeout. Inside a transaction such a change is rolled back with it.
        c.setAutoCommit(false);
        // Start even when the tier is down: that is an alert, not a reason not to run.
        c.setInitializationFailTimeout(-1);
        // a refused connection fails at once, but Hikari retries until this timeout: keep it to the connect timeout
        c.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        c.setValidationTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        c.setDataSourceProperties(driverProperties(tier));
        return new HikariDataSource(c);
    }

    /**
     * Besides the timeouts, each session carries {@code alert_hub.tier} and {@code alert_hub.pool_max} (the
     * application's pool max) as settings, so check SQL can read them with {@code current_setting(...)}.
     */
    private Properties driverProperties(TierSettings tier) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", APPLICATION_NAME);
        // readOnlyMode=always: read-only in autocommit too (the probe's and the column check's own connections).
        p.setProperty("readOnly", "true");
        p.setProperty("readOnlyMode", "always");
        p.setProperty("connectTimeout", Long.toString(seconds(settings.connectTimeout().toMillis())));
        p.setProperty("loginTimeout", Long.toString(seconds(settings.connectTimeout().toMillis())));
        p.setProperty("socketTimeout", Long.toString(seconds(settings.socketTimeout().toMillis())));
        p.setProperty("options", "-c statement_timeout=" + settings.statementTimeout().toMillis()
                + " -c alert_hub.tier=" + tier.name() + " -c alert_hub.pool_max=" + tier.poolMax());
        return p;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    @Override
    public void close() {
        pools.values().forEach(p -> ((HikariDataSource) p.getTargetDataSource()).close());
    }
}
