package com.penguinmails.alerthub.demo;

import com.penguinmails.alerthub.config.TierSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --hub.demo=true}: creates each tier's database (if missing) on its server and loads the runbook's tables
 * with seed data from {@code /demo/<tier>.sql} (docs/demo-schema.md), so a newcomer sees real checks pass and fail.
 */
public final class DemoTiers {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTiers.class);

    private DemoTiers() {
    }

    public static void create(Collection<TierSettings> tiers) {
        for (TierSettings tier : tiers) {
            try {
                createDatabase(tier);
                try (Connection c = DriverManager.getConnection(tier.url(), tier.username(), tier.password()); Statement s = c.createStatement()) {
                    for (String statement : script(tier.name()).split(";\\s*\\n")) {
                        if (!statement.isBlank()) s.execute(statement);
                    }
                }
                LOG.info("demo: tier {} ready at {}", tier.name(), tier.hostAndDatabase());
            } catch (SQLException | IOException e) {
                LOG.error("demo: cannot prepare tier {} ({}): {}", tier.name(), tier.hostAndDatabase(), e.getMessage());
            }
        }
    }

    private static void createDatabase(TierSettings tier) throws SQLException {
        String serverUrl = tier.url().replaceFirst("/[^/?]+(\\?.*)?$", "/postgres$1");
        try (Connection c = DriverManager.getConnection(serverUrl, tier.username(), tier.password()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + tier.database().replace("'", "''") + "'");
            if (!rs.next()) s.execute("CREATE DATABASE \"" + tier.database().replace("\"", "\"\"") + "\"");
        }
    }

    private static String script(String tier) throws IOException {
        try (InputStream in = DemoTiers.class.getResourceAsStream("/demo/" + tier + ".sql")) {
            if (in == null) throw new IOException("no demo schema for tier '" + tier + "'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
