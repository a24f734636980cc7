package com.penguinmails.alerthub;

import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.config.ResultColumns;
import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.check.TierConnections;
import com.penguinmails.alerthub.demo.DemoTiers;
import com.penguinmails.alerthub.store.StateStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub: configuration loaded and validated first (an invalid one never starts), then camel-main with
 * the routes from the classpath and {@code routes/}.
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final Main main;

    private Hub(Main main) {
        this.main = main;
    }

    /** Loads and validates everything, including the columns each check returns on each reachable tier. */
    public static HubConfig validate(Map<String, String> overrides) {
        HubConfig config = HubConfig.load(overrides);
        if (Boolean.parseBoolean(overrides.getOrDefault("hub.demo", System.getProperty("hub.demo", "false")))) {
            DemoTiers.create(config.settings().tiers().values());
        }
        ResultColumns.Outcome outcome;
        try (TierConnections connections = new TierConnections(config.settings())) {
            outcome = ResultColumns.verify(config, connections);
        }
        outcome.notes().forEach(n -> LOG.warn("{}", n));
        if (!outcome.problems().isEmpty()) throw new ConfigException(outcome.problems());
        return config;
    }

    /** Builds the hub; {@link #start()} for tests, {@link #run()} for the command line. */
    public static Hub create(Map<String, String> overrides, Clock clock) {
        HubConfig config = validate(overrides);
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(HubConfig.PROPERTY_LOCATIONS);
        Map<String, String> properties = new LinkedHashMap<>(overrides);
        properties.putAll(derived(config));
        properties.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(new HubBeans(config, clock));
        return new Hub(main);
    }

    /** Values the routes need that are computed from the configuration rather than written by ops. */
    private static Map<String, String> derived(HubConfig config) {
        var s = config.settings();
        StringBuilder smtp = new StringBuilder("smtp://" + s.smtp().host() + ":" + s.smtp().port() + "?from=RAW(" + s.smtp().from() + ")"
                + "&connectionTimeout=" + s.delivery().connectTimeout().toMillis()
                + "&contentType=RAW(text/html; charset=UTF-8)&additionalJavaMailProperties=#smtpProperties");
        if (!s.smtp().username().isBlank()) {
            smtp.append("&username=RAW(").append(s.smtp().username()).append(")&password=RAW(").append(s.smtp().password()).append(")");
        }
        return Map.of("hub.smtp.endpoint", smtp.toString(),
                "hub.notify.poll-ms", Long.toString(Math.max(100, s.delivery().poll().toMillis())),
                "hub.escalation.tick-ms", Long.toString(Math.max(1000, s.escalationTick().toMillis())));
    }

    public Hub start() {
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the hub did not start: " + e.getMessage(), e);
        }
        return this;
    }

    public void run() throws Exception {
        main.run();
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return camel().getRegistry().lookupByNameAndType(name, type);
    }

    @Override
    public void close() {
        TierConnections tiers = bean("tierConnections", TierConnections.class);
        StateStore store = bean("stateStore", StateStore.class);
        main.stop();
        tiers.close();
        store.close();
    }
}
