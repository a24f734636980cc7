package com.penguinmails.alerthub.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fresh databases for PenguinMails' four tiers, named {@code ahtest_<random8>_<tier>} so parallel
 * runs never share one, readable by the non-superuser {@code alerthub_monitor} the hub logs in as,
 * and dropped on close.
 */
public final class TierDatabases implements AutoCloseable {

    public static final List<String> TIERS = List.of("oltp", "content", "queue", "olap");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final Set<String> live = new LinkedHashSet<>();
    /** SQL loaded into each tier, replayed by recreate() so a recreated tier looks like the original. */
    private final Map<String, List<String>> loadedSql = new LinkedHashMap<>();

    private TierDatabases(String prefix) {
        this.prefix = prefix;
    }

    public static TierDatabases create() throws SQLException {
        MonitorRole.ensure();
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        TierDatabases databases = new TierDatabases("ahtest_" + HexFormat.of().formatHex(random));
        try {
            for (String tier : TIERS) {
                databases.createDatabase(tier);
            }
        } catch (SQLException e) {
            try {
                databases.close();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return databases;
    }

    public String database(String tier) {
        if (!TIERS.contains(tier)) {
            throw new IllegalArgumentException("unknown tier '" + tier + "', expected one of " + TIERS);
        }
        return prefix + "_" + tier;
    }

    /** jdbc:postgresql://127.0.0.1:5432/&lt;database&gt;; still answers after drop(), pointing at nothing. */
    public String url(String tier) {
        return Pg.url(database(tier));
    }

    /** A new superuser session on the tier, autocommit; the caller closes it. */
    public Connection admin(String tier) throws SQLException {
        return Pg.connect(database(tier), Pg.ADMIN_APP);
    }

    /** Runs SQL as the superuser; multi-statement text is fine (no psql meta-commands or COPY FROM stdin). */
    public void execute(String tier, String sql) throws SQLException {
        try (Connection connection = admin(tier); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Executes schema SQL and remembers it for recreate(). */
    public synchronized void loadSchema(String tier, String sqlText) throws SQLException {
        execute(tier, sqlText);
        loadedSql.computeIfAbsent(tier, t -> new ArrayList<>()).add(sqlText);
    }

    /** Loads classpath {@code /demo/<tier>.sql} into every tier; fails naming every missing file before loading any. */
    public void loadDemoSchemas() throws SQLException {
        Map<String, String> scripts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String tier : TIERS) {
            String resource = "/demo/" + tier + ".sql";
            try (InputStream in = TierDatabases.class.getResourceAsStream(resource)) {
                if (in == null) {
                    missing.add(resource);
                } else {
                    scripts.put(tier, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + resource, e);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("demo schema missing from the classpath: " + missing
                    + " (expected under src/main/resources/demo/)");
        }
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            loadSchema(script.getKey(), script.getValue());
        }
    }

    /** DROP DATABASE ... WITH (FORCE): the tier vanishes under any open session, as in a real outage. */
    public synchronized void drop(String tier) throws SQLException {
        try (Connection connection = Pg.connect(Pg.MAINTENANCE_DB, Pg.ADMIN_APP);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + Pg.quote(database(tier)) + " WITH (FORCE)");
        }
        live.remove(tier);
    }

    /** Brings the tier back empty, re-granted and with the schema SQL it had loaded; drops it first if present. */
    public synchronized void recreate(String tier) throws SQLException {
        if (live.contains(tier)) {
            drop(tier);
        }
        createDatabase(tier);
        for (String sql : loadedSql.getOrDefault(tier, List.of())) {
            execute(tier, sql);
        }
    }

    /** hub.tiers.&lt;tier&gt;.url/.username/.password for every tier, logging in as the monitor role. */
    public Map<String, String> hubProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String tier : TIERS) {
            properties.put("hub.tiers." + tier + ".url", url(tier));
            properties.put("hub.tiers." + tier + ".username", MonitorRole.NAME);
            properties.put("hub.tiers." + tier + ".password", MonitorRole.PASSWORD);
        }
        return Collections.unmodifiableMap(properties);
    }

    public HeldConnections holdConnections(String tier, int n) throws SQLException {
        return HeldConnections.open(database(tier), n);
    }

    public BackgroundQuery runSlowQuery(String tier, int seconds) throws SQLException {
        return BackgroundQuery.start(database(tier), seconds);
    }

    /** Drops every tier still present, attempting all of them even if one fails. */
    @Override
    public synchronized void close() throws SQLException {
        SQLException failure = null;
        for (String tier : List.copyOf(live)) {
            try {
                drop(tier);
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void createDatabase(String tier) throws SQLException {
        String name = Pg.quote(database(tier));
        try (Connection connection = Pg.connect(Pg.MAINTENANCE_DB, Pg.ADMIN_APP);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            live.add(tier);
            statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + MonitorRole.NAME);
        }
        try (Connection connection = admin(tier)) {
            MonitorRole.grantReadOnly(connection);
        }
    }
}
