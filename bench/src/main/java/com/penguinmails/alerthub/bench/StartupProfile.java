package com.penguinmails.alerthub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the hub's main thread runs between process start and /health answering 200, from a JFR recording
 * (settings=profile: a sample every 10-20 ms of Java code). Stages are inclusive and nest; time spent in the VM
 * itself (JIT compiler threads, GC, class linking in native code) is not in these samples.
 */
final class StartupProfile {

    private static final Map<String, String> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("log4j2 set-up (getLogger; the first one starts the LoggerContext)", "org.apache.logging.slf4j.Log4jLoggerFactory.getLogger");
        STAGES.put("HubConfig.load (incl. a throw-away CamelContext)", "com.penguinmails.alerthub.config.HubConfig.load");
        STAGES.put("  its DefaultCamelContext construction", "org.apache.camel.impl.DefaultCamelContext.<init>");
        STAGES.put("ResultColumns.verify (columns on each tier)", "com.penguinmails.alerthub.config.ResultColumns.verify");
        STAGES.put("camel-main init (auto-configuration, routes)", "org.apache.camel.main.Main.doInit");
        STAGES.put("  HubBeans.configure", "com.penguinmails.alerthub.HubBeans.configure");
        STAGES.put("    StateStore: H2 + Flyway migrate", "com.penguinmails.alerthub.store.StateStore.<init>");
        STAGES.put("      of which Flyway", "org.flywaydb.");
        STAGES.put("    tier pools (Hikari)", "com.penguinmails.alerthub.check.TierConnections.<init>");
        STAGES.put("  YAML DSL route loading", "org.apache.camel.dsl.yaml.");
        STAGES.put("camel-main start (CamelContext start: Vert.x, Quartz, routes)", "org.apache.camel.main.Main.doStart");
        STAGES.put("class loading (ClassLoader.loadClass, anywhere)", "java.lang.ClassLoader.loadClass");
        STAGES.put("reading the jar (java.util.zip, anywhere)", "java.util.zip.");
    }

    private StartupProfile() {
    }

    static void report(Path jfr, Instant health) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        STAGES.keySet().forEach(k -> counts.put(k, 0));
        int main = 0;
        int all = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStartTime().isAfter(health)) continue;
            all++;
            if (e.getThread("sampledThread") == null || !"main".equals(e.getThread("sampledThread").getJavaName())) continue;
            if (e.getStackTrace() == null) continue;
            main++;
            List<String> frames = e.getStackTrace().getFrames().stream().map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
            STAGES.forEach((stage, prefix) -> {
                if (frames.stream().anyMatch(f -> f.startsWith(prefix))) counts.merge(stage, 1, Integer::sum);
            });
        }
        System.out.printf("%n-- JFR of one more start: %d samples of the main thread until /health (of %d, all threads) --%n", main, all);
        System.out.println("stage (inclusive, nested)                                          share of main-thread samples");
        int total = Math.max(1, main);
        counts.forEach((k, v) -> System.out.printf("  %-66s %5.1f %%%n", k, 100.0 * v / total));
    }
}
