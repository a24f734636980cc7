package com.penguinmails.alerthub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code target/alert-hub.jar} as ops run it: a child process started from the project root (where
 * application.properties and routes/ are), configured by environment variables and {@code --key=value}, its output in
 * {@code target/jar-it/<log>}. For the *IT tests failsafe runs after {@code package}.
 */
public final class HubJar implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    public static final Path JAR = ROOT.resolve("target/alert-hub.jar");
    public static final Path LOGS = ROOT.resolve("target/jar-it");
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration TO_END = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** How a run to its end went. */
    public record Result(int exit, String stdout, String stderr) {
        public String describe() {
            return "exit " + exit + "\n--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
        }
    }

    private final Process process;
    private final int port;
    private final Path log;

    private HubJar(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * {@code java -jar alert-hub.jar args...} from the project root, output to {@code LOGS/logName} (and {@code .err}).
     * Nothing from this JVM's environment may configure the child behind the test's back: HUB_* and CAMEL_* are removed.
     */
    public static ProcessBuilder command(List<String> args, String logName) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HUB_") || k.startsWith("CAMEL_"));
        try {
            Files.createDirectories(LOGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pb.redirectOutput(LOGS.resolve(logName).toFile());
        pb.redirectError(LOGS.resolve(logName + ".err").toFile());
        return pb;
    }

    /** {@code --hub.tiers.<tier>.url|username|password=...} for one of the test's tier databases. */
    public static List<String> tierArgs(TierDatabases tiers, String tier) {
        Map<String, String> p = tiers.hubProperties();
        String prefix = "hub.tiers." + tier + ".";
        return List.of("--" + prefix + "url=" + p.get(prefix + "url"), "--" + prefix + "username=" + p.get(prefix + "username"),
                "--" + prefix + "password=" + p.get(prefix + "password"));
    }

    /** Starts the hub serving HTTP on {@code port} (as the command says) and waits until /health answers 200. */
    public static HubJar start(ProcessBuilder pb, int port) throws Exception {
        Path log = pb.redirectOutput().file().toPath();
        HubJar hub = new HubJar(pb.start(), port, log);
        try {
            hub.awaitHealth();
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    /** Runs a command that ends by itself (e.g. {@code validate}) and returns its exit code and output. */
    public static Result runToEnd(ProcessBuilder pb) throws Exception {
        Path log = pb.redirectOutput().file().toPath();
        Process p = pb.start();
        try {
            if (!p.waitFor(TO_END.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the jar did not exit within " + TO_END + "\n" + tail(read(log)));
            }
            return new Result(p.exitValue(), read(log), read(Path.of(log + ".err")));
        } finally {
            stop(p);
        }
    }

    public Process process() {
        return process;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with an API token. */
    public HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An empty POST, with the token when it is not null. */
    public HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL on Linux ({@link Process#destroyForcibly()}): no shutdown hook, no graceful stop, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("the hub survived SIGKILL for 10 s");
    }

    /** The hub's output so far (the end of it), for failure messages. */
    public String logTail() {
        return tail(read(log)) + "\n" + tail(read(Path.of(log + ".err")));
    }

    /** SIGTERM (camel-main shuts down gracefully), then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Polls /health until it answers 200, the process dies, or the startup bound passes. */
    private void awaitHealth() throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the hub exited with " + process.exitValue() + " before /health answered\n" + logTail());
            }
            try {
                HttpResponse<String> r = get("/health");
                if (r.statusCode() == 200) return;
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/health did not answer 200 within " + STARTUP + " (last: " + last + ")\n" + logTail());
    }

    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
}
