package com.penguinmails.alerthub.bench;

import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.store.StateStore;
import com.penguinmails.alerthub.threshold.RowVerdict;
import com.penguinmails.alerthub.threshold.Verdict;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Evaluation throughput: a check whose SQL returns {@code --rows} rows (1 % breaching, keyed by id) run through the
 * hub's own route via the run API, side by side with a plain JDBC fetch of the same SQL into maps. Then the same
 * run taken apart in this JVM (camel-sql alone, Camel's split alone, the threshold evaluation alone) and, with
 * {@code --profile}, a Java Flight Recorder profile of the hub's runs.
 */
public final class EvaluationBench {

    private static final String USAGE = """
            bench/run.sh evaluation [--runs 10] [--warmup 3] [--rows 100000] [--max-alerts 2000,100] [--profile] [--set k=v,k=v]
              --runs        measured runs per scenario (median reported), after --warmup unmeasured ones
              --rows        rows the check's SQL returns; every 100th breaches (critical > 90)
              --max-alerts  hub.checks.max-alerts values to run with (one hub start each); 2000 makes all breaches real alerts
              --profile     record the hub's runs with Java Flight Recorder and print where the time goes
              --set         extra hub properties, e.g. --set camel.metrics.enableExchangeEventNotifier=false""";

    private static final String CHECK = "bench-rows";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        int runs = args.integer("runs", 10);
        int warmup = args.integer("warmup", 3);
        int rows = args.integer("rows", 100_000);
        List<Integer> maxAlerts = args.integers("max-alerts", "2000,100");
        boolean profile = args.flag("profile");
        Map<String, String> extra = new LinkedHashMap<>();
        for (String kv : args.text("set", "").split(",")) {
            if (!kv.isBlank()) extra.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
        }
        args.done();

        String sql = "SELECT g AS id, CASE WHEN g % 100 = 0 THEN 95 ELSE 10 END AS usage_pct FROM generate_series(1," + rows + ") g";
        System.out.printf("evaluation: %d rows (%d breaching), %d runs after %d warm-up, max-alerts %s, %d cores, %s%n",
                rows, rows / 100, runs, warmup, maxAlerts, Runtime.getRuntime().availableProcessors(), Env.describe());
        if (!extra.isEmpty()) System.out.println("extra hub properties: " + extra);
        try (BenchEnv env = BenchEnv.create(Map.of("bench.camel.yaml",
                BenchEnv.check(CHECK, "oltp", sql, "usage_pct: critical > 90", "id", null)))) {
            for (int max : maxAlerts) {
                run(env, sql, rows, max, runs, warmup, profile && max == maxAlerts.get(0), extra);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void run(BenchEnv env, String sql, int rows, int maxAlerts, int runs, int warmup, boolean profile,
            Map<String, String> extra) throws Exception {
        System.out.printf("%n== hub.checks.max-alerts = %d%s ==%n", maxAlerts,
                rows / 100 > maxAlerts ? " (breaches over the cap: one 'too many rows' alert)" : " (every breaching row is its own alert)");
        Map<String, String> properties = new LinkedHashMap<>(extra);
        properties.put("hub.checks.scheduled", "false");
        properties.put("hub.checks.max-alerts", Integer.toString(maxAlerts));
        Hub hub = env.startHub(properties);
        try (Connection jdbc = plainConnection(env)) {
            int port = BenchEnv.port(hub);
            String path = "/api/checks/" + CHECK + "/run?tier=oltp";
            DataSourceCleaner store = new DataSourceCleaner(hub.bean("stateStore", StateStore.class));
            int expectedAlerts = rows / 100 > maxAlerts ? 1 : rows / 100;

            Map<String, List<Double>> wall = new LinkedHashMap<>();
            Map<String, List<Double>> server = new LinkedHashMap<>();
            List<String> order = List.of("plain JDBC", "hub dryRun=true", "hub dryRun=false, fresh store", "hub dryRun=false, alerts open");
            order.forEach(s -> { wall.put(s, new ArrayList<>()); server.put(s, new ArrayList<>()); });
            // alerts open: the store already holds this check's alerts, each run updates them
            for (int i = 0; i < warmup + runs; i++) {
                boolean measured = i >= warmup;
                double t = time(() -> plainFetch(jdbc, sql, rows));
                if (measured) wall.get(order.get(0)).add(t);

                Map<String, Object>[] answer = new Map[1];
                t = time(() -> answer[0] = apiRun(env, port, path + "&dryRun=true", rows, -1));
                if (measured) { wall.get(order.get(1)).add(t); server.get(order.get(1)).add(durationMs(answer[0])); }

                store.clear();
                t = time(() -> answer[0] = apiRun(env, port, path, rows, expectedAlerts));
                if (measured) { wall.get(order.get(2)).add(t); server.get(order.get(2)).add(durationMs(answer[0])); }

                t = time(() -> answer[0] = apiRun(env, port, path, rows, 0));
                if (measured) { wall.get(order.get(3)).add(t); server.get(order.get(3)).add(durationMs(answer[0])); }
            }
            double base = new Stats(wall.get(order.get(0))).median();
            System.out.printf("%-34s %10s %10s %10s %9s %14s%n", "scenario (client wall time)", "median", "min", "max", "x JDBC", "server median");
            for (String s : order) {
                Stats st = new Stats(wall.get(s));
                String srv = server.get(s).isEmpty() ? "" : Stats.ms(new Stats(server.get(s)).median());
                System.out.printf("%-34s %10s %10s %10s %8.1fx %14s%n", s, Stats.ms(st.median()), Stats.ms(st.min()), Stats.ms(st.max()),
                        st.median() / base, srv);
            }
            System.out.println("(server = the run's durationMs in the answer: start of the run to the end of reconcile;"
                    + " wall time adds notify dispatch, the JSON answer and HTTP)");

            breakdown(hub, jdbc, sql, rows, runs, warmup);
            if (profile) Profile.of(hub, () -> {
                for (int i = 0; i < Math.max(3, runs / 2); i++) {
                    apiRun(env, port, path + "&dryRun=true", rows, -1);
                    store.clear();
                    apiRun(env, port, path, rows, expectedAlerts);
                    apiRun(env, port, path, rows, 0);
                }
                return null;
            });
        } finally {
            hub.close();
        }
    }

    /** The hub's run taken apart, in this JVM, on the hub's own beans and pools: what each stage costs alone. */
    @SuppressWarnings("unchecked")
    private static void breakdown(Hub hub, Connection jdbc, String sql, int rows, int runs, int warmup) throws Exception {
        ProducerTemplate producer = hub.camel().createProducerTemplate();
        CheckDefinition check = hub.bean("hubConfig", HubConfig.class).checks().find(CHECK).orElseThrow();
        hub.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                AggregationStrategy keepFirst = (oldE, newE) -> oldE == null ? newE : oldE;
                // Camel's split of the row list with nothing to do per row
                from("direct:bench-split-empty").split(body()).aggregationStrategy(keepFirst).setProperty("x", constant(1)).end();
                // the same with the threshold evaluation as the filter, like run-check's split/filter
                from("direct:bench-split-evaluate").split(body()).aggregationStrategy(keepFirst)
                        .filter(e -> check.thresholds().evaluate(e.getMessage().getBody(Map.class)).verdict() != Verdict.OK)
                        .setProperty("x", constant(1)).end().end();
            }
        });
        String sqlUri = "sql:bench?dataSource=#tier-oltp&useMessageBodyForSql=true&usePlaceholder=false";
        List<?> fetched = producer.requestBody(sqlUri, sql, List.class);
        if (fetched.size() != rows) throw new IllegalStateException("camel-sql returned " + fetched.size() + " rows");

        Map<String, Supplier<Object>> stages = new LinkedHashMap<>();
        stages.put("plain JDBC fetch into maps", () -> plainFetch(jdbc, sql, rows));
        stages.put("camel-sql fetch (hub pool)", () -> producer.requestBody(sqlUri, sql, List.class));
        stages.put("threshold evaluate, plain loop", () -> {
            int breaching = 0;
            for (Object row : fetched) {
                @SuppressWarnings("unchecked")
                RowVerdict v = check.thresholds().evaluate((Map<String, Object>) row);
                if (v.verdict() != Verdict.OK) breaching++;
            }
            return breaching;
        });
        stages.put("Camel split, empty step per row", () -> producer.requestBody("direct:bench-split-empty", fetched));
        stages.put("Camel split + evaluate filter", () -> producer.requestBody("direct:bench-split-evaluate", fetched));
        Map<String, Object> headers = Map.of("hubCheck", CHECK, "hubTier", "oltp", "hubDryRun", true, "hubTrigger", "bench");
        stages.put("hub's run-check route, dry run (no HTTP)", () -> producer.requestBodyAndHeaders("direct:run-check", null, headers));
        stages.put("  same, micrometer exchange events off", () -> {
            List<EventNotifierSupport> micrometer = hub.camel().getManagementStrategy().getEventNotifiers().stream()
                    .filter(n -> n.getClass().getName().contains("Micrometer") && n instanceof EventNotifierSupport)
                    .map(EventNotifierSupport.class::cast).toList();
            micrometer.forEach(n -> n.setIgnoreExchangeEvents(true));
            try {
                return producer.requestBodyAndHeaders("direct:run-check", null, headers);
            } finally {
                micrometer.forEach(n -> n.setIgnoreExchangeEvents(false));
            }
        });
        Map<String, List<Double>> times = new LinkedHashMap<>();
        stages.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (int i = 0; i < warmup + runs; i++) {
            for (var e : stages.entrySet()) {
                double t = time(e.getValue());
                if (i >= warmup) times.get(e.getKey()).add(t);
            }
        }
        System.out.printf("%n-- the run taken apart (in-process, %d rows, median of %d) --%n", rows, runs);
        for (var e : times.entrySet()) {
            double m = new Stats(e.getValue()).median();
            System.out.printf("%-44s %10s %10s/row%n", e.getKey(), Stats.ms(m), Stats.num("%.2f us", m * 1000 / rows));
        }
    }

    private static Object plainFetch(Connection c, String sql, int rows) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            String[] labels = new String[n];
            for (int i = 0; i < n; i++) labels[i] = md.getColumnLabel(i + 1);
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>(4);
                for (int i = 0; i < n; i++) row.put(labels[i], rs.getObject(i + 1));
                out.add(row);
            }
            if (out.size() != rows) throw new IllegalStateException("plain JDBC returned " + out.size() + " rows");
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same login and session settings the hub's tier pool uses, on a connection of its own, kept open. */
    private static Connection plainConnection(BenchEnv env) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", env.tiers.hubProperties().get("hub.tiers.oltp.username"));
        p.setProperty("password", env.tiers.hubProperties().get("hub.tiers.oltp.password"));
        p.setProperty("ApplicationName", "alert-hub-bench");
        p.setProperty("readOnly", "true");
        p.setProperty("readOnlyMode", "always");
        return DriverManager.getConnection(env.tiers.url("oltp"), p);
    }

    private static Map<String, Object> apiRun(BenchEnv env, int port, String path, int rows, int expectOpened) {
        try {
            HttpResponse<String> r = env.post(port, path);
            Map<String, Object> run = env.firstRun(r);
            if (!"ok".equals(run.get("status")) || ((Number) run.get("totalRows")).intValue() != rows) {
                throw new IllegalStateException("unexpected run: status " + run.get("status") + ", error " + run.get("error") + ", rows " + run.get("totalRows"));
            }
            if (expectOpened >= 0) {
                int opened = ((List<?>) ((Map<?, ?>) run.get("alerts")).get("opened")).size();
                if (opened != expectOpened) throw new IllegalStateException("expected " + expectOpened + " alerts opened, got " + opened);
            }
            return run;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double durationMs(Map<String, Object> run) {
        return ((Number) run.get("durationMs")).doubleValue();
    }

    static double time(Supplier<?> work) {
        long t0 = System.nanoTime();
        work.get();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Empties the hub's state store between runs, so each "fresh store" run opens every alert again. */
    private record DataSourceCleaner(StateStore store) {
        void clear() {
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM alert_history");
                s.execute("DELETE FROM alert");
                s.execute("DELETE FROM alert_group");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
