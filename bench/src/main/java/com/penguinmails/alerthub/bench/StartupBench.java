package com.penguinmails.alerthub.bench;

import com.penguinmails.alerthub.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Startup: {@code java -jar target/alert-hub.jar} as ops start it (from the project root, on the four demo tiers of
 * TierDatabases, schedules on, SMTP to GreenMail), from process start to {@code /health} answering 200, and the
 * process's RSS (VmRSS) then and a few seconds later; with the phases of the start read from the hub's log.
 */
public final class StartupBench {

    private static final String USAGE = """
            bench/run.sh startup [--starts 5] [--settle 5] [--java-opts "-XX:TieredStopAtLevel=1 ..."] [--profile]
              --starts     process starts (min and median reported)
              --settle     seconds to wait after /health is 200 before reading RSS a second time
              --java-opts  JVM options for the hub process (default none: what `java -jar` gives)
              --profile    one more start under Java Flight Recorder: what the main thread does until /health is 200""";

    /** Log lines that mark the phases of a start, in order. */
    private static final Map<String, Pattern> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("config files read (first log line)", Pattern.compile(".*"));
        PHASES.put("tiers validated, camel-main starting", Pattern.compile("MainSupport - Apache Camel \\(Main\\) .* is starting"));
        PHASES.put("auto-configuration done (beans, store, Flyway)", Pattern.compile("Auto-configuration summary"));
        PHASES.put("CamelContext starting (routes loaded)", Pattern.compile("\\(alert-hub\\) is starting"));
        PHASES.put("HTTP server up", Pattern.compile("HttpServer started"));
        PHASES.put("CamelContext started", Pattern.compile("\\(alert-hub\\) started in"));
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        int starts = args.integer("starts", 5);
        int settle = args.integer("settle", 5);
        String javaOpts = args.text("java-opts", "").trim();
        boolean profile = args.flag("profile");
        args.done();
        Path jar = BenchEnv.ROOT.resolve("target/alert-hub.jar");
        Path logs = Files.createDirectories(BenchEnv.ROOT.resolve("target/bench"));
        System.out.printf("startup: %d starts of %s%s, %d cores, %s%n", starts, BenchEnv.ROOT.relativize(jar),
                javaOpts.isEmpty() ? "" : " with " + javaOpts, Runtime.getRuntime().availableProcessors(), Env.describe());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        List<Double> health = new ArrayList<>();
        List<Double> rssAtHealth = new ArrayList<>();
        List<Double> rssSettled = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        PHASES.keySet().forEach(k -> phases.put(k, new ArrayList<>()));
        List<String> camelStarted = new ArrayList<>();
        java.time.Instant[] profiledHealth = new java.time.Instant[1];
        try (BenchEnv env = BenchEnv.create(Map.of())) {
            System.out.printf("%-6s %12s %14s %16s %12s%n", "start", "to /health", "RSS at health", "RSS +" + settle + " s", "CPU time");
            for (int i = 1; i <= starts + (profile ? 1 : 0); i++) {
                boolean profiled = i > starts;
                Path jfr = logs.resolve("startup.jfr");
                Files.deleteIfExists(jfr);
                int port = Ports.freePort();
                Path store = Files.createTempDirectory(env.work, "store").resolve("hub");
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                if (!javaOpts.isEmpty()) command.addAll(Arrays.asList(javaOpts.split("\\s+")));
                if (profiled) command.add("-XX:StartFlightRecording:settings=profile,dumponexit=true,filename=" + jfr);
                command.addAll(List.of("-jar", jar.toString()));
                env.hubProperties(port, store).forEach((k, v) -> {
                    // the shipped routes/, as ops run it
                    if (!k.equals("hub.routes.dir")) command.add("--" + k + "=" + v);
                });
                Path log = logs.resolve("startup-" + i + ".log");
                ProcessBuilder pb = new ProcessBuilder(command).directory(BenchEnv.ROOT.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("HUB_") || k.startsWith("CAMEL_"));
                LocalTime wallStart = LocalTime.now();
                long t0 = System.nanoTime();
                Process p = pb.start();
                java.time.Instant healthAt = null;
                try {
                    double ms = awaitHealth(http, p, port, log, t0);
                    healthAt = java.time.Instant.now();
                    if (profiled) continue;
                    double rss = rssMb(p.pid());
                    double cpuS = p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
                    Thread.sleep(settle * 1000L);
                    double rss2 = rssMb(p.pid());
                    health.add(ms);
                    rssAtHealth.add(rss);
                    rssSettled.add(rss2);
                    cpu.add(cpuS);
                    System.out.printf("%-6d %12s %11.0f MB %13.0f MB %10.1f s%n", i, Stats.ms(ms), rss, rss2, cpuS);
                    phases(log, wallStart).forEach((k, v) -> phases.get(k).add(v));
                    Files.readAllLines(log).stream().filter(l -> PHASES.get("CamelContext started").matcher(l).find()).findFirst()
                            .ifPresent(l -> camelStarted.add(l.replaceFirst("^.* - ", "")));
                } finally {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    if (profiled && healthAt != null) profiledHealth[0] = healthAt;
                }
            }
        }
        Stats h = new Stats(health);
        Stats r = new Stats(rssAtHealth);
        Stats r2 = new Stats(rssSettled);
        System.out.printf("%-6s %12s %11.0f MB %13.0f MB %10.1f s%n", "min", Stats.ms(h.min()), r.min(), r2.min(), new Stats(cpu).min());
        System.out.printf("%-6s %12s %11.0f MB %13.0f MB %10.1f s%n", "median", Stats.ms(h.median()), r.median(), r2.median(), new Stats(cpu).median());
        System.out.printf("target: /health under 3 s: %s; RSS under 300 MB: %s%n", h.median() < 3000 ? "MET" : "NOT MET (median " + Stats.ms(h.median()) + ")",
                Math.max(r.median(), r2.median()) < 300 ? "MET" : "NOT MET");
        System.out.println("\nwhere the start goes (median ms after process start, from the hub's log; log times are to the ms):");
        phases.forEach((k, v) -> {
            if (!v.isEmpty()) System.out.printf("  %-48s %8.0f ms%n", k, new Stats(v).median());
        });
        System.out.printf("  %-48s %8.0f ms%n", "/health answers 200", h.median());
        if (!camelStarted.isEmpty()) System.out.println("Camel's own summary (last start): " + camelStarted.get(camelStarted.size() - 1));
        if (profiledHealth[0] != null) StartupProfile.report(logs.resolve("startup.jfr"), profiledHealth[0]);
    }

    private static double awaitHealth(HttpClient http, Process p, int port, Path log, long t0) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("the hub exited with " + p.exitValue() + ", see " + log);
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return (System.nanoTime() - t0) / 1e6;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("/health not 200 within 120 s, see " + log);
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
        return Double.NaN;
    }

    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) ");

    /** ms after process start at which each phase's log line appeared (log4j pattern HH:mm:ss.SSS, local time). */
    private static Map<String, Double> phases(Path log, LocalTime start) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(log);
        for (var phase : PHASES.entrySet()) {
            for (String line : lines) {
                Matcher t = TIME.matcher(line);
                if (t.find() && phase.getValue().matcher(line).find()) {
                    out.put(phase.getKey(), Duration.between(start, LocalTime.parse(t.group(1))).toNanos() / 1e6);
                    break;
                }
            }
        }
        return out;
    }
}
