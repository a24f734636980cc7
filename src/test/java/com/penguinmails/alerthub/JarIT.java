package com.penguinmails.alerthub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.testkit.HubJar;
import com.penguinmails.alerthub.testkit.Ports;
import com.penguinmails.alerthub.testkit.TierDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/alert-hub.jar} as ops run it: a child process started from the project root (where
 * application.properties and routes/ are), configured by environment variables and {@code --key=value}. Run by
 * failsafe after {@code package}.
 */
class JarIT {

    private static final String TOKEN = "jar-it-operator-secret";

    private static TierDatabases tiers;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void databases() throws Exception {
        assertThat(HubJar.JAR).as("the packaged jar (failsafe runs after package)").isRegularFile();
        tiers = TierDatabases.create();
        // the hub validates every shipped check's columns on every reachable tier before it starts
        tiers.loadDemoSchemas();
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        if (tiers != null) tiers.close();
    }

    @Test
    void runsFromTheJarWithTheOltpTierFromTheEnvironment(@TempDir Path state) throws Exception {
        int port = Ports.freePort();
        List<String> args = new ArrayList<>();
        for (String tier : List.of("content", "queue", "olap")) args.addAll(HubJar.tierArgs(tiers, tier));
        args.add("--hub.http.port=" + port);
        args.add("--hub.store.url=jdbc:h2:file:" + state.resolve("hub"));
        args.add("--hub.checks.scheduled=false");
        args.add("--hub.api.tokens.it=operator:" + TOKEN);
        // SMTP on a port nobody listens on: nothing leaves this machine
        args.add("--hub.smtp.port=" + Ports.closedPort());
        ProcessBuilder pb = HubJar.command(args, "run.log");
        // oltp only from the environment (Camel's mapping of hub.tiers.oltp.url), never on the command line
        pb.environment().put("HUB_TIERS_OLTP_URL", tiers.url("oltp"));
        pb.environment().put("HUB_TIERS_OLTP_USERNAME", tiers.hubProperties().get("hub.tiers.oltp.username"));
        pb.environment().put("HUB_TIERS_OLTP_PASSWORD", tiers.hubProperties().get("hub.tiers.oltp.password"));
        assertThat(args).noneMatch(a -> a.contains("hub.tiers.oltp"));

        HubJar hub = HubJar.start(pb, port);
        try {
            HttpResponse<String> health = hub.get("/health");
            Map<String, Object> body = parse(health.body());
            assertThat(body.get("status")).isEqualTo("UP");
            assertThat(path(body, "tiers", "oltp", "source")).as("health JSON: %s", health.body())
                    .isEqualTo("127.0.0.1:5432/" + tiers.database("oltp"));
            assertThat(path(body, "tiers", "queue", "source")).isEqualTo("127.0.0.1:5432/" + tiers.database("queue"));

            HttpResponse<String> denied = hub.post("/api/checks/tier-reachable/run?tier=oltp", null);
            assertThat(denied.statusCode()).isEqualTo(401);

            HttpResponse<String> run = hub.post("/api/checks/tier-reachable/run?tier=oltp", TOKEN);
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> runs = (List<Map<String, Object>>) parse(run.body()).get("runs");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0)).as(run.body()).containsEntry("tier", "oltp").containsEntry("status", "ok")
                    .containsEntry("totalRows", 1).containsEntry("tierReachable", true);

            assertThat(path(parse(hub.get("/health").body()), "tiers", "oltp", "state")).isEqualTo("reachable");
            // and the run went to the environment's database: the hub's pooled session is there, as the monitor role
            try (var c = tiers.admin("oltp"); var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'alert-hub'"
                            + " AND usename = 'alerthub_monitor'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("alert-hub sessions on %s", tiers.database("oltp")).isPositive();
            }
        } finally {
            hub.close();
        }
        assertThat(hub.process().isAlive()).isFalse();
    }

    @Test
    void validateReportsFileAndLineOfABrokenRoutesDirAndExitsOne(@TempDir Path routes) throws Exception {
        copyRoutes(routes);
        Path checks = routes.resolve("checks.camel.yaml");
        List<String> lines = new ArrayList<>(Files.readAllLines(checks));
        // the pool check's thresholds: a severity the grammar does not know
        int thresholds = indexOf(lines, "value: \"usage_pct: critical > 90, high > 80, clear < 75\"");
        lines.set(thresholds, lines.get(thresholds).replace("high > 80", "severe > 80"));
        // the queue backlog check on a tier that is not configured
        int tiersLine = indexOfLine(lines, "value: queue", indexOf(lines, "value: queue-backlog"));
        lines.set(tiersLine, lines.get(tiersLine).replace("queue", "queue,warehouse"));
        Files.write(checks, lines);

        List<String> args = new ArrayList<>(List.of("validate", "--hub.routes.dir=" + routes));
        for (String tier : TierDatabases.TIERS) args.addAll(HubJar.tierArgs(tiers, tier));
        HubJar.Result r = HubJar.runToEnd(HubJar.command(args, "validate-broken.log"));

        assertThat(r.exit()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .containsPattern("(?m)^\\s*" + java.util.regex.Pattern.quote(checks + ":" + (thresholds + 1) + ": ") + ".*severe")
                .containsPattern("(?m)^\\s*" + java.util.regex.Pattern.quote(checks + ":" + (tiersLine + 1) + ": ") + ".*unknown tier 'warehouse'");
        assertThat(r.stdout()).doesNotContain("configuration is valid");
    }

    @Test
    void validateReportsAYamlSyntaxErrorWithItsLine(@TempDir Path routes) throws Exception {
        copyRoutes(routes);
        Path matrix = routes.resolve("contact-matrix.yaml");
        List<String> lines = new ArrayList<>(Files.readAllLines(matrix));
        int broken = indexOf(lines, "name: Database Operations Lead");
        lines.set(broken, lines.get(broken).replace("name: Database Operations Lead", "name: [Database Operations Lead"));
        Files.write(matrix, lines);

        List<String> args = new ArrayList<>(List.of("validate", "--hub.routes.dir=" + routes));
        for (String tier : TierDatabases.TIERS) args.addAll(HubJar.tierArgs(tiers, tier));
        HubJar.Result r = HubJar.runToEnd(HubJar.command(args, "validate-yaml.log"));

        assertThat(r.exit()).as(r.describe()).isEqualTo(1);
        // the parser notices the unclosed '[' on the broken line or the next one
        assertThat(r.stderr()).as(r.describe()).containsPattern("(?m)^\\s*" + java.util.regex.Pattern.quote(matrix.toString())
                + ":(" + (broken + 1) + "|" + (broken + 2) + "): YAML syntax error");
    }

    @Test
    void validateAcceptsTheShippedConfigurationOnRealTiers() throws Exception {
        List<String> args = new ArrayList<>(List.of("validate"));
        for (String tier : TierDatabases.TIERS) args.addAll(HubJar.tierArgs(tiers, tier));
        HubJar.Result r = HubJar.runToEnd(HubJar.command(args, "validate-shipped.log"));

        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("configuration is valid");
        // every tier was reachable, so every check's columns were verified (no "not reachable" note)
        assertThat(r.stdout() + r.stderr()).doesNotContain("not reachable");
    }

    private Map<String, Object> parse(String body) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = json.readValue(body, Map.class);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> m, String... keys) {
        Object at = m;
        for (String k : keys) at = at instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(k) : null;
        return at;
    }

    private static void copyRoutes(Path to) throws IOException {
        try (Stream<Path> files = Files.list(HubJar.ROOT.resolve("routes"))) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    private static int indexOf(List<String> lines, String text) {
        return indexOf(lines, text, 0);
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        throw new AssertionError("'" + text + "' not found in the shipped routes: the test needs updating");
    }

    /** The first line from {@code from} on that is exactly the text, indentation aside. */
    private static int indexOfLine(List<String> lines, String text, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) if (lines.get(i).strip().equals(text)) return i;
        throw new AssertionError("line '" + text + "' not found in the shipped routes: the test needs updating");
    }
}
