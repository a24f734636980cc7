package com.penguinmails.alerthub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.testkit.Ports;
import com.penguinmails.alerthub.testkit.TierDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every benchmark stands on, all real: four fresh tier databases with the demo schemas (TierDatabases),
 * GreenMail as the SMTP server, a copy of the shipped routes/ plus the benchmark's own check, and a state store in
 * a temporary folder. The hub runs in this JVM (or, for startup, as the jar) with the system clock.
 */
final class BenchEnv implements AutoCloseable {

    static final String TOKEN = "bench-operator-secret";
    static final Path ROOT = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();

    final TierDatabases tiers;
    final GreenMail mail;
    final Path work;
    final Path routes;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private BenchEnv(TierDatabases tiers, GreenMail mail, Path work, Path routes) {
        this.tiers = tiers;
        this.mail = mail;
        this.work = work;
        this.routes = routes;
    }

    /** @param extraChecks file name -> YAML of checks added to the copy of routes/ */
    static BenchEnv create(Map<String, String> extraChecks) throws Exception {
        TierDatabases tiers = TierDatabases.create();
        GreenMail mail = null;
        try {
            tiers.loadDemoSchemas();
            mail = new GreenMail(new ServerSetup(Ports.freePort(), "127.0.0.1", "smtp"));
            mail.start();
            Path work = Files.createTempDirectory("alert-hub-bench");
            Path routes = Files.createDirectories(work.resolve("routes"));
            try (Stream<Path> files = Files.list(ROOT.resolve("routes"))) {
                for (Path f : files.toList()) Files.copy(f, routes.resolve(f.getFileName()));
            }
            for (var e : extraChecks.entrySet()) Files.writeString(routes.resolve(e.getKey()), e.getValue());
            return new BenchEnv(tiers, mail, work, routes);
        } catch (Exception | Error e) {
            if (mail != null) mail.stop();
            tiers.close();
            throw e;
        }
    }

    /** One check as ops write it in routes/ (a templatedRoute of health-check). */
    static String check(String name, String tiers, String sql, String thresholds, String keys, String schedule) {
        StringBuilder b = new StringBuilder();
        b.append("- templatedRoute:\n    routeTemplateRef: health-check\n    routeId: check-").append(name).append('\n');
        b.append("    parameters:\n");
        param(b, "check", name);
        param(b, "description", "benchmark check");
        param(b, "tiers", tiers);
        b.append("      - name: sql\n        value: |\n          ").append(sql).append('\n');
        param(b, "thresholds", thresholds);
        if (keys != null) param(b, "keys", keys);
        param(b, "incident", "performance-degradation");
        if (schedule != null) param(b, "schedule", schedule);
        return b.toString();
    }

    private static void param(StringBuilder b, String name, String value) {
        b.append("      - name: ").append(name).append("\n        value: \"").append(value.replace("\"", "\\\"")).append("\"\n");
    }

    /** Everything the hub needs to run here: the tiers, GreenMail, a fresh store, a free port, an operator token. */
    Map<String, String> hubProperties(int httpPort, Path store) {
        Map<String, String> p = new LinkedHashMap<>(tiers.hubProperties());
        p.put("hub.routes.dir", routes.toString());
        p.put("hub.http.port", Integer.toString(httpPort));
        p.put("hub.store.url", "jdbc:h2:file:" + store + ";AUTO_SERVER=FALSE" + System.getProperty("bench.h2", ""));
        p.put("hub.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        p.put("hub.api.tokens.bench", "operator:" + TOKEN);
        return p;
    }

    Hub startHub(Map<String, String> extra) throws IOException {
        Path store = Files.createTempDirectory(work, "store").resolve("hub");
        Map<String, String> p = hubProperties(Ports.freePort(), store);
        p.putAll(extra);
        return Hub.create(p, Clock.systemUTC()).start();
    }

    static int port(Hub hub) {
        return Integer.parseInt(hub.camel().resolvePropertyPlaceholders("{{hub.http.port}}"));
    }

    HttpResponse<String> post(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> parse(String body) throws IOException {
        return json.readValue(body, Map.class);
    }

    /** The first run of a run-API answer. */
    @SuppressWarnings("unchecked")
    Map<String, Object> firstRun(HttpResponse<String> r) throws IOException {
        if (r.statusCode() != 200) throw new IllegalStateException("run answered " + r.statusCode() + ": " + r.body());
        return ((List<Map<String, Object>>) parse(r.body()).get("runs")).get(0);
    }

    @Override
    public void close() throws Exception {
        try {
            mail.stop();
        } finally {
            tiers.close();
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
