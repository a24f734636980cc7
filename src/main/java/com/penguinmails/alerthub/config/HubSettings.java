package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.alert.Flapping;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The environment (application.properties, -D, --key=value, environment variables), read once through Camel's
 * property resolution and turned into typed values. Problems are collected, never thrown one at a time.
 */
public record HubSettings(
        String environment,
        ZoneId timezone,
        Map<String, TierSettings> tiers,
        Duration connectTimeout,
        Duration statementTimeout,
        Duration socketTimeout,
        String defaultSchedule,
        int maxAlerts,
        String matrixFile,
        Smtp smtp,
        String pagerUrl,
        String webhookUrl,
        String posthogHost,
        String posthogApiKey,
        Delivery delivery,
        Map<String, ApiToken> apiTokens,
        String storeUrl,
        String storeUsername,
        String storePassword,
        int storePoolSize,
        Duration storeRetention,
        Duration escalationTick,
        Ack ack,
        Flapping flapping,
        String heartbeatUrl,
        Duration heartbeatInterval) {

    public static final String FILE = "application.properties";

    public record Smtp(String host, int port, String from, String username, String password, boolean starttls) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + " from=" + from + " user=" + username + " password=" + Secrets.mask(password) + "]";
        }
    }

    /**
     * Acknowledgements: where the hub is reached from a mail client ({@code hub.public-url}), the secret that signs email
     * ack links (empty: one generated and kept in the state store), how long a link is valid, how long an acknowledgement
     * holds while the alert still fires, and the PagerDuty webhook subscription's secret (empty: webhook off).
     */
    public record Ack(String publicUrl, String secret, Duration linkTtl, Duration timeout, String pagerWebhookSecret) {
        @Override
        public String toString() {
            return "Ack[" + publicUrl + " secret=" + Secrets.mask(secret) + " link-ttl=" + linkTtl + " timeout=" + timeout
                    + " pager-webhook-secret=" + Secrets.mask(pagerWebhookSecret) + "]";
        }
    }

    /**
     * @param retries       failed attempts retried before a notification is dead; the delay doubles from
     *                      {@code retryDelay} up to {@code maxRetryDelay}
     * @param fallbackAfter failed attempts after which the fallback is sent too (a permanent error: at once)
     * @param poll          how often the outbox is looked at for retries coming due (new notifications go at once)
     */
    public record Delivery(Duration connectTimeout, Duration readTimeout, int retries, Duration retryDelay, Duration maxRetryDelay,
                           int fallbackAfter, Duration poll) {

        /** The wait before attempt {@code failed + 1}: exponential, capped, never below what the receiver asked for. */
        public Duration backoff(int failed, Duration asked) {
            Duration d = retryDelay.multipliedBy(1L << Math.min(30, Math.max(0, failed - 1)));
            if (d.compareTo(maxRetryDelay) > 0 || d.isNegative()) d = maxRetryDelay;
            return asked.compareTo(d) > 0 ? asked : d;
        }
    }

    public record ApiToken(String name, String role, String secret) {
        @Override
        public String toString() {
            return "ApiToken[" + name + " " + role + " " + Secrets.mask(secret) + "]";
        }
    }

    public boolean pagerEnabled() {
        return !pagerUrl.isBlank();
    }

    public boolean webhookEnabled() {
        return !webhookUrl.isBlank();
    }

    public boolean posthogEnabled() {
        return !posthogHost.isBlank() && !posthogApiKey.isBlank();
    }

    public Optional<TierSettings> tier(String name) {
        return Optional.ofNullable(tiers.get(name));
    }

    /**
     * @param lookup     resolves one property to its value (empty when not set anywhere)
     * @param tierNames  tier names found among the property keys ({@code hub.tiers.<name>.url})
     */
    public static HubSettings read(Function<String, Optional<String>> lookup, Set<String> tierNames, Map<String, String> tokenProperties) {
        Reader r = new Reader(lookup);
        Map<String, TierSettings> tiers = new LinkedHashMap<>();
        for (String name : new TreeSet<>(tierNames)) {
            String p = "hub.tiers." + name + ".";
            tiers.put(name, new TierSettings(name, r.text(p + "url", ""), r.text(p + "username", "postgres"),
                    r.text(p + "password", ""), r.integer(p + "pool-max", 0), r.integer(p + "hub-pool-size", 2)));
            if (tiers.get(name).url().isBlank()) r.problem(p + "url", "tier '" + name + "' has no JDBC URL");
            if (tiers.get(name).poolMax() <= 0) r.problem(p + "pool-max", "tier '" + name + "' needs the application's pool max (a whole number > 0)");
        }
        if (tiers.isEmpty()) r.problem("hub.tiers", "no tiers configured (hub.tiers.<name>.url)");
        Map<String, ApiToken> tokens = new LinkedHashMap<>();
        tokenProperties.forEach((key, value) -> {
            String name = key.substring("hub.api.tokens.".length());
            int colon = value.indexOf(':');
            String role = colon < 0 ? "" : value.substring(0, colon);
            if (!List.of("viewer", "operator", "admin").contains(role) || value.length() <= colon + 1) {
                r.problem(key, "expected <viewer|operator|admin>:<secret>");
            } else {
                tokens.put(name, new ApiToken(name, role, value.substring(colon + 1)));
            }
        });
        HubSettings settings = new HubSettings(
                r.text("hub.environment", "prod"),
                r.zone("hub.timezone"),
                tiers,
                r.duration("hub.tiers.connect-timeout", "5s"),
                r.duration("hub.tiers.statement-timeout", "10s"),
                r.duration("hub.tiers.socket-timeout", "20s"),
                r.text("hub.checks.interval", "60s"),
                r.integer("hub.checks.max-alerts", 100),
                r.text("hub.checks.matrix", "routes/contact-matrix.yaml"),
                new Smtp(r.text("hub.smtp.host", "127.0.0.1"), r.integer("hub.smtp.port", 2525),
                        r.text("hub.smtp.from", "alert-hub@localhost"), r.text("hub.smtp.username", ""),
                        r.text("hub.smtp.password", ""), Boolean.parseBoolean(r.text("hub.smtp.starttls", "false"))),
                r.text("hub.pager.url", ""),
                r.text("hub.webhook.url", ""),
                r.text("hub.posthog.host", ""),
                r.text("hub.posthog.api-key", ""),
                new Delivery(r.duration("hub.notify.connect-timeout", "5s"), r.duration("hub.notify.read-timeout", "10s"),
                        r.integer("hub.notify.retries", 30), r.duration("hub.notify.retry-delay", "1s"),
                        r.duration("hub.notify.max-retry-delay", "5m"), r.integer("hub.notify.fallback-after", 3),
                        r.duration("hub.notify.poll", "1s")),
                tokens,
                r.text("hub.store.url", "jdbc:h2:file:./data/alert-hub"),
                r.text("hub.store.username", "sa"),
                r.text("hub.store.password", ""),
                r.integer("hub.store.pool-size", 10),
                r.duration("hub.store.retention", "30d"),
                r.duration("hub.escalation.tick", "10s"),
                new Ack(r.text("hub.public-url", "http://localhost:" + r.text("hub.http.port", "8080")), r.text("hub.ack.secret", ""),
                        r.duration("hub.ack.link-ttl", "24h"), r.duration("hub.ack.timeout", "4h"), r.text("hub.pager.webhook-secret", "")),
                flapping(r),
                r.text("hub.heartbeat.url", ""),
                r.duration("hub.heartbeat.interval", "1m"));
        if (!settings.ack().publicUrl().matches("https?://[^/\\s]+(/\\S*)?")) {
            r.problem("hub.public-url", "'" + settings.ack().publicUrl() + "' is not an http(s) URL (e.g. https://alert-hub.example.com):"
                    + " email ack links start with it");
        }
        if (settings.ack().linkTtl().isZero()) r.problem("hub.ack.link-ttl", "must be longer than 0 (e.g. 24h)");
        if (settings.ack().timeout().isZero()) r.problem("hub.ack.timeout", "must be longer than 0 (e.g. 4h)");
        if (settings.statementTimeout().compareTo(settings.socketTimeout()) >= 0) {
            r.problem("hub.tiers.socket-timeout", "must be longer than hub.tiers.statement-timeout, or a slow query looks like a dead tier");
        }
        if (!settings.heartbeatUrl().isEmpty() && !settings.heartbeatUrl().matches("https?://\\S+")) {
            // not echoed: a ping URL usually carries its secret
            r.problem("hub.heartbeat.url", "is not an http:// or https:// URL (empty: no heartbeat)");
        }
        if (settings.heartbeatInterval().compareTo(Duration.ofSeconds(1)) < 0) r.problem("hub.heartbeat.interval", "must be at least 1s");
        if (settings.storePoolSize() < 2) {
            r.problem("hub.store.pool-size", "must be at least 2 (e.g. 10): the outbox relay and a check run each need a connection");
        }
        if (settings.storeRetention().compareTo(Duration.ofDays(1)) < 0) {
            r.problem("hub.store.retention", "must be at least 1d (e.g. 30d): sent notifications and resolved alerts are kept that long");
        }
        if (!r.problems.isEmpty()) throw new ConfigException(r.problems);
        return settings;
    }

    /** {@code hub.flapping.enabled|high|low}: percentages with 0 &lt; low &lt; high &lt;= 100 (Nagios: 25 and 50). */
    private static Flapping flapping(Reader r) {
        Flapping f = new Flapping(r.flag("hub.flapping.enabled", true), r.percent("hub.flapping.high", 50), r.percent("hub.flapping.low", 25));
        if (f.low() >= f.high()) {
            r.problem("hub.flapping.low", "must be below hub.flapping.high (" + f.low() + " >= " + f.high()
                    + "): flapping stops below low and starts at high");
        }
        return f;
    }

    private static final class Reader {
        private final Function<String, Optional<String>> lookup;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> lookup) {
            this.lookup = lookup;
        }

        String text(String key, String fallback) {
            return lookup.apply(key).map(String::trim).orElse(fallback);
        }

        int integer(String key, int fallback) {
            String v = text(key, Integer.toString(fallback));
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                problem(key, "'" + v + "' is not a whole number");
                return fallback;
            }
        }

        Duration duration(String key, String fallback) {
            String v = text(key, fallback);
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return Durations.parse(fallback);
            }
        }

        boolean flag(String key, boolean fallback) {
            String v = text(key, Boolean.toString(fallback));
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                problem(key, "'" + v + "' is neither true nor false");
                return fallback;
            }
            return Boolean.parseBoolean(v);
        }

        double percent(String key, double fallback) {
            String v = text(key, Double.toString(fallback));
            try {
                double p = Double.parseDouble(v);
                if (p > 0 && p <= 100) return p;
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(key, "'" + v + "' is not a percentage above 0 and at most 100");
            return fallback;
        }

        ZoneId zone(String key) {
            String v = text(key, "UTC");
            try {
                return ZoneId.of(v);
            } catch (RuntimeException e) {
                problem(key, "'" + v + "' is not an IANA time zone (e.g. Europe/Berlin, UTC)");
                return ZoneId.of("UTC");
            }
        }

        void problem(String key, String reason) {
            problems.add(ConfigProblem.of(FILE, key + ": " + reason));
        }
    }
}
