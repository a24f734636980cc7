package com.penguinmails.alerthub.bench;

import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.store.StateStore;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Detection latency: a check on a 5 s schedule (no {@code for}) watches a one-row table on a real tier. Each run
 * makes the condition true at a random point of the check's cycle and measures until GreenMail holds the trigger
 * email; then clears it and waits for the resolve email before the next run. The hub runs scheduled, with the
 * shipped checks too, exactly as in production except that SMTP is GreenMail.
 */
public final class DetectionBench {

    private static final String USAGE = """
            bench/run.sh detection [--runs 100] [--interval 5] [--seed 1]
              --runs      trigger/resolve cycles (each takes about 1.5 intervals plus a random wait of up to one interval)
              --interval  the check's schedule in seconds; the target is p99 under interval + 1 s""";

    private static final String CHECK = "bench-detect";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        int runs = args.integer("runs", 100);
        int interval = args.integer("interval", 5);
        Random random = new Random(args.integer("seed", 1));
        args.done();
        long timeoutMs = interval * 3_000L + 10_000;

        System.out.printf("detection: %d runs, check every %d s, %d cores, %s%n", runs, interval,
                Runtime.getRuntime().availableProcessors(), Env.describe());
        try (BenchEnv env = BenchEnv.create(Map.of("bench.camel.yaml",
                BenchEnv.check(CHECK, "oltp", "SELECT level FROM bench_signal", "level: high > 0", null, interval + "s")))) {
            // the hub validates the check's columns at start: the table exists first (the monitor role may read it)
            env.tiers.execute("oltp", "CREATE TABLE bench_signal (level int NOT NULL); INSERT INTO bench_signal VALUES (0)");
            Hub hub = env.startHub(Map.of());
            try {
                StateStore store = hub.bean("stateStore", StateStore.class);
                Predicate<String> trigger = s -> s.endsWith(" " + CHECK) && !s.contains("[RESOLVED]");
                Predicate<String> resolve = s -> s.endsWith(" " + CHECK) && s.contains("[RESOLVED]");
                List<Double> detect = new ArrayList<>();
                List<Double> toFire = new ArrayList<>();
                List<Double> fireToMail = new ArrayList<>();
                List<Double> resolveTimes = new ArrayList<>();
                int missed = 0;
                for (int i = 1; i <= runs; i++) {
                    Thread.sleep(random.nextInt(interval * 1000));
                    int before = count(env, trigger);
                    Instant at = Instant.now();
                    long t0 = System.nanoTime();
                    env.tiers.execute("oltp", "UPDATE bench_signal SET level = 1");
                    Instant arrived = await(env, trigger, before, timeoutMs);
                    if (arrived == null) {
                        missed++;
                        System.err.printf("run %d: no trigger email within %d ms%n", i, timeoutMs);
                    } else {
                        detect.add((System.nanoTime() - t0) / 1e6);
                        Instant fired = lastFiredAt(store);
                        toFire.add((fired.toEpochMilli() - at.toEpochMilli()) * 1.0);
                        fireToMail.add((arrived.toEpochMilli() - fired.toEpochMilli()) * 1.0);
                    }
                    int resolvedBefore = count(env, resolve);
                    long r0 = System.nanoTime();
                    env.tiers.execute("oltp", "UPDATE bench_signal SET level = 0");
                    if (await(env, resolve, resolvedBefore, timeoutMs) == null) {
                        missed++;
                        System.err.printf("run %d: no resolve email within %d ms%n", i, timeoutMs);
                    } else {
                        resolveTimes.add((System.nanoTime() - r0) / 1e6);
                    }
                    if (i % 10 == 0 || i == runs) {
                        System.err.printf("  %d/%d runs, last detection %s%n", i, runs, detect.isEmpty() ? "-" : Stats.ms(detect.get(detect.size() - 1)));
                    }
                }
                print("condition true -> trigger email in GreenMail", detect);
                print("  of which: condition -> alert fired (waiting for the schedule, query, reconcile)", toFire);
                print("  of which: alert fired -> email in GreenMail (notify, seda, SMTP)", fireToMail);
                print("condition cleared -> resolve email (cleared just after a run: about one interval)", resolveTimes);
                if (missed > 0) System.out.printf("MISSED: %d emails never arrived within %d ms%n", missed, timeoutMs);
                Stats d = new Stats(detect);
                double target = interval * 1000.0 + 1000;
                System.out.printf("target p99 < interval + 1 s = %s: %s (p99 %s)%n", Stats.ms(target),
                        d.count() > 0 && d.percentile(99) < target && missed == 0 ? "MET" : "NOT MET", d.count() > 0 ? Stats.ms(d.percentile(99)) : "-");
            } finally {
                hub.close();
            }
        }
    }

    private static void print(String what, List<Double> samples) {
        if (samples.isEmpty()) {
            System.out.printf("%-84s no samples%n", what);
            return;
        }
        Stats s = new Stats(samples);
        System.out.printf("%-84s n=%d  p50 %s  p90 %s  p99 %s  max %s  min %s%n", what, s.count(), Stats.ms(s.median()),
                Stats.ms(s.percentile(90)), Stats.ms(s.percentile(99)), Stats.ms(s.max()), Stats.ms(s.min()));
    }

    private static int count(BenchEnv env, Predicate<String> subject) {
        return (int) Arrays.stream(env.mail.getReceivedMessages()).map(DetectionBench::subject).filter(subject).count();
    }

    /** Waits on GreenMail's own delivery signal (no polling); answers when a matching email arrived, null on timeout. */
    private static Instant await(BenchEnv env, Predicate<String> subject, int before, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        int total = env.mail.getReceivedMessages().length;
        if (count(env, subject) > before) return Instant.now();
        while (System.nanoTime() < deadline) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (env.mail.waitForIncomingEmail(left, total + 1)) {
                Instant now = Instant.now();
                if (count(env, subject) > before) return now;
                total = env.mail.getReceivedMessages().length;
            }
        }
        return null;
    }

    private static Instant lastFiredAt(StateStore store) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT fired_at FROM alert WHERE check_name = '" + CHECK + "' ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }
}
