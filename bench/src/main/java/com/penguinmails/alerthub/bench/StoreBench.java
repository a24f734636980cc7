package com.penguinmails.alerthub.bench;

import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.notify.OutboxRelay;
import com.penguinmails.alerthub.testkit.HeldConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.PagerDutyReceiver;
import com.penguinmails.alerthub.testkit.PostHogReceiver;
import com.penguinmails.alerthub.testkit.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Store growth: bytes per alert and per health sample in H2 and in PostgreSQL, and what a day adds. Three fresh
 * stores per database, each filled by the real hub with every channel on (GreenMail, loopback PagerDuty, webhook and
 * PostHog receivers): one only started (the empty schema), one with {@code --alerts} alerts that fire and resolve
 * (pool-usage on olap with its pool held full: alert, history, group, and each transition's outbox rows), one with
 * {@code --samples} quiet runs (a PostHog health sample each). The differences, per table, are the cost of one alert
 * and of one sample; a day is {@code --alerts-per-day} alerts and {@code --samples-per-day} samples.
 */
public final class StoreBench {

    private static final String USAGE = """
            bench/run.sh store [--alerts 50] [--samples 1000] [--alerts-per-day 50] [--samples-per-day 18720]
              --alerts           alerts fired and resolved to measure one alert's bytes
              --samples          quiet check runs to measure one health sample's bytes (PostHog on)
              --alerts-per-day   alerts a day fires and resolves
              --samples-per-day  health samples a day: the shipped checks run 13 check-tier pairs every 60 s = 18 720
                                 (tier-reachable's probes send none; with PostHog off there are none)""";

    private static final String CHECK = "pool-usage";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        int alerts = args.integer("alerts", 50);
        int samples = args.integer("samples", 1000);
        int alertsPerDay = args.integer("alerts-per-day", 50);
        int samplesPerDay = args.integer("samples-per-day", 18_720);
        args.done();

        System.out.printf("store: %d alerts fired and resolved, %d health samples, a day = %d alerts + %d samples; %s%n", alerts, samples,
                alertsPerDay, samplesPerDay, Env.describe());
        try (BenchEnv env = BenchEnv.create(Map.of()); PagerDutyReceiver pager = PagerDutyReceiver.start();
                WebhookReceiver webhook = WebhookReceiver.start(); PostHogReceiver posthog = PostHogReceiver.start()) {
            Map<String, String> channels = new LinkedHashMap<>();
            channels.put("hub.checks.scheduled", "false");
            channels.put("hub.tiers.olap.pool-max", "5");
            // each alert stands for one of a day's alerts: firing and resolving back to back must not count as flapping
            channels.put("hub.flapping.enabled", "false");
            channels.put("hub.pager.url", pager.url());
            channels.put("hub.contacts.database-lead.pager", HubHarness.DB_LEAD_KEY);
            channels.put("hub.contacts.oncall-engineer.pager", HubHarness.ONCALL_KEY);
            channels.put("hub.webhook.url", webhook.url());
            channels.put("hub.posthog.host", posthog.host());
            channels.put("hub.posthog.api-key", "phc_bench_key");
            for (String kind : List.of("h2", "postgres")) {
                Sizes empty = fill(env, channels, kind, 0, 0);
                Sizes withAlerts = fill(env, channels, kind, alerts, 0);
                Sizes withSamples = fill(env, channels, kind, 0, samples);
                report(kind, empty, withAlerts, withSamples, alerts, samples, alertsPerDay, samplesPerDay);
            }
        }
    }

    /** Bytes per table, and the whole store (H2: the compacted file, indexes included; PostgreSQL: the tables' sum). */
    private record Sizes(Map<String, Long> tables, long total) {
    }

    /** A fresh store of {@code kind}, filled by a hub with {@code alerts} alerts and {@code samples} quiet runs, measured after the hub stopped. */
    private static Sizes fill(BenchEnv env, Map<String, String> channels, String kind, int alerts, int samples) throws Exception {
        PostgresStore pg = kind.equals("postgres") ? PostgresStore.create() : null;
        try {
            Path h2 = Files.createTempDirectory(env.work, "store").resolve("hub");
            Map<String, String> props = new LinkedHashMap<>(channels);
            if (pg != null) {
                props.putAll(pg.hubProperties());
            } else {
                props.put("hub.store.url", "jdbc:h2:file:" + h2 + ";AUTO_SERVER=FALSE");
            }
            Hub hub = env.startHub(props);
            try {
                int port = BenchEnv.port(hub);
                for (int i = 0; i < alerts; i++) {
                    try (HeldConnections held = env.tiers.holdConnections("olap", 5)) {
                        expect(env, port, "olap", "trigger");
                    }
                    expect(env, port, "olap", "resolve");
                }
                for (int i = 0; i < samples; i++) expect(env, port, "oltp", "none");
                awaitDelivered(hub);
            } finally {
                hub.close();
            }
            return pg != null ? postgres(pg) : h2(h2);
        } finally {
            if (pg != null) pg.close();
        }
    }

    private static void expect(BenchEnv env, int port, String tier, String notice) throws Exception {
        Map<String, Object> run = env.firstRun(env.post(port, "/api/checks/" + CHECK + "/run?tier=" + tier));
        if (!notice.equals(run.get("notice"))) throw new IllegalStateException("expected notice " + notice + " on " + tier + ", got " + run);
    }

    /** Every notification sent before the store is measured, as in a day that has passed (polled: a bench, not a test). */
    private static void awaitDelivered(Hub hub) throws InterruptedException {
        OutboxRelay relay = hub.bean("outboxRelay", OutboxRelay.class);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!relay.idle()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the outbox did not drain in 2 minutes");
            Thread.sleep(50);
        }
    }

    /** H2: each table's data (DISK_SPACE_USED counts no indexes), and the file after SHUTDOWN COMPACT (everything). */
    private static Sizes h2(Path store) throws SQLException {
        Map<String, Long> tables = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + store + ";AUTO_SERVER=FALSE", "sa", "");
             Statement s = c.createStatement()) {
            for (String table : tables(s, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                try (ResultSet rs = s.executeQuery("SELECT DISK_SPACE_USED('\"" + table + "\"')")) {
                    rs.next();
                    tables.put(table.toLowerCase(), rs.getLong(1));
                }
            }
            s.execute("SHUTDOWN COMPACT");
        }
        return new Sizes(tables, Path.of(store + ".mv.db").toFile().length());
    }

    /** PostgreSQL: each table with its indexes and TOAST after VACUUM FULL (live rows, no dead versions). */
    private static Sizes postgres(PostgresStore pg) throws SQLException {
        Map<String, Long> tables = new LinkedHashMap<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM FULL");
            for (String table : tables(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('\"" + table + "\"')")) {
                    rs.next();
                    tables.put(table, rs.getLong(1));
                }
            }
        }
        return new Sizes(tables, tables.values().stream().mapToLong(Long::longValue).sum());
    }

    private static List<String> tables(Statement s, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    private static void report(String kind, Sizes empty, Sizes alerts, Sizes samples, int nAlerts, int nSamples, int alertsPerDay,
                               int samplesPerDay) {
        System.out.printf("%n%s (%s)%n", kind.equals("h2") ? "H2" : "PostgreSQL",
                kind.equals("h2") ? "per table: data without indexes; total: the compacted file, indexes included"
                        : "per table: with indexes and TOAST, after VACUUM FULL");
        System.out.printf("%-24s %14s %14s %16s%n", "table", "per alert", "per sample", "per day");
        double alertTotal = 0;
        double sampleTotal = 0;
        for (String table : new TreeSet<>(empty.tables().keySet())) {
            double perAlert = nAlerts == 0 ? 0 : (alerts.tables().get(table) - empty.tables().get(table)) / (double) nAlerts;
            double perSample = nSamples == 0 ? 0 : (samples.tables().get(table) - empty.tables().get(table)) / (double) nSamples;
            // page-granular sizes: a table that did not grow by a whole byte per alert or sample is noise
            if (Math.abs(perAlert) < 1 && Math.abs(perSample) < 1) continue;
            System.out.printf("%-24s %14s %14s %16s%n", table, bytes(perAlert), bytes(perSample), bytes(perAlert * alertsPerDay + perSample * samplesPerDay));
            alertTotal += perAlert;
            sampleTotal += perSample;
        }
        System.out.printf("%-24s %14s %14s %16s%n", "tables", bytes(alertTotal), bytes(sampleTotal),
                bytes(alertTotal * alertsPerDay + sampleTotal * samplesPerDay));
        double fileAlert = nAlerts == 0 ? 0 : (alerts.total() - empty.total()) / (double) nAlerts;
        double fileSample = nSamples == 0 ? 0 : (samples.total() - empty.total()) / (double) nSamples;
        double day = fileAlert * alertsPerDay + fileSample * samplesPerDay;
        System.out.printf("%-24s %14s %14s %16s   (x 30 days of retention: %s; empty store %s)%n", "total", bytes(fileAlert), bytes(fileSample),
                bytes(day), bytes(day * 30), bytes(empty.total()));
    }

    private static String bytes(double b) {
        if (b >= 10 * 1024 * 1024) return Stats.num("%.1f MB", b / 1024 / 1024);
        if (b >= 10 * 1024) return Stats.num("%.1f KB", b / 1024);
        return Stats.num("%.0f B", b);
    }
}
