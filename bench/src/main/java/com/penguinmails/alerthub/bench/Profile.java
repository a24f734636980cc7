package com.penguinmails.alerthub.bench;

import com.penguinmails.alerthub.Hub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of the hub's runs goes: Java Flight Recorder execution samples (every 10 ms of running Java code,
 * all threads) while the work runs. Each sample goes to the innermost stage on its stack (so the stages add up to
 * 100 %), plus the hottest methods by self time with their usual callers, and the GC pauses.
 */
final class Profile {

    /** Stage name -> frame prefixes (class or class.method); checked from the leaf up, the first match wins. */
    private static final Map<String, List<String>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("SQL fetch (camel-sql, Spring JdbcTemplate, pgjdbc)", List.of("org.apache.camel.component.sql.", "org.springframework.jdbc.", "org.postgresql."));
        STAGES.put("threshold evaluation (Thresholds.evaluate)", List.of("com.penguinmails.alerthub.threshold."));
        STAGES.put("rest of CheckRuns.offends (key, CheckRun.see)", List.of("com.penguinmails.alerthub.check.CheckRuns.offends", "com.penguinmails.alerthub.check.CheckRun."));
        STAGES.put("Camel bean binding for the filter (per row)", List.of("org.apache.camel.component.bean.", "org.apache.camel.language.bean."));
        STAGES.put("Camel metrics per exchange (micrometer)", List.of("io.micrometer.", "org.apache.camel.component.micrometer."));
        STAGES.put("Camel split/filter/aggregate, per-row exchanges", List.of("org.apache.camel.processor.", "org.apache.camel.impl.", "org.apache.camel.support.",
                "com.penguinmails.alerthub.check.OffendingRows"));
        STAGES.put("store writes (AlertStore, H2)", List.of("com.penguinmails.alerthub.store.", "org.h2."));
        STAGES.put("reconcile (Reconciler, row JSON)", List.of("com.penguinmails.alerthub.alert."));
        STAGES.put("notify (Notifier, email compose, delivery)", List.of("com.penguinmails.alerthub.notify.", "org.apache.camel.component.mail.", "jakarta.mail.", "org.eclipse.angus."));
        STAGES.put("API answer (CheckApi report, Jackson)", List.of("com.penguinmails.alerthub.api.", "com.fasterxml.jackson."));
        STAGES.put("HTTP server (Vert.x)", List.of("io.vertx.", "io.netty."));
    }

    private Profile() {
    }

    static void of(Hub hub, Callable<?> work) throws Exception {
        Path file = Files.createTempFile("alert-hub-bench", ".jfr");
        try {
            long t0 = System.nanoTime();
            try (Recording r = new Recording()) {
                r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                r.enable("jdk.GarbageCollection");
                r.start();
                work.call();
                r.stop();
                r.dump(file);
            }
            report(RecordingFile.readAllEvents(file), (System.nanoTime() - t0) / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void report(List<RecordedEvent> events, double wallMs) {
        Map<String, Integer> stage = new LinkedHashMap<>();
        STAGES.keySet().forEach(k -> stage.put(k, 0));
        stage.put("other", 0);
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> callers = new LinkedHashMap<>();
        int samples = 0;
        long gcNanos = 0;
        long longestGc = 0;
        int gcs = 0;
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                long pause = e.getDuration("sumOfPauses").toNanos();
                gcNanos += pause;
                longestGc = Math.max(longestGc, pause);
                gcs++;
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) continue;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            List<String> frames = st.getFrames().stream().map(Profile::name).toList();
            // the benchmark's own work (emptying the store, reading answers) is not the hub's
            if (frames.stream().anyMatch(f -> f.startsWith(Profile.class.getPackageName() + "."))) continue;
            samples++;
            self.merge(frames.get(0), 1, Integer::sum);
            String chain = frames.subList(1, Math.min(frames.size(), 5)).stream().map(Profile::shortName).collect(Collectors.joining(" < "));
            callers.computeIfAbsent(frames.get(0), k -> new LinkedHashMap<>()).merge(chain, 1, Integer::sum);
            stage.merge(stageOf(frames), 1, Integer::sum);
        }
        System.out.printf("%n-- JFR profile of the hub's runs: %d execution samples in %s (10 ms period, all threads) --%n", samples, Stats.ms(wallMs));
        System.out.println("innermost stage on the sampled stack                                share");
        int total = Math.max(1, samples);
        stage.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(s -> System.out.printf("  %-64s %5.1f %%%n", s.getKey(), 100.0 * s.getValue() / total));
        System.out.printf("GC: %d collections, %s of pauses in total, longest %s%n", gcs, Stats.ms(gcNanos / 1e6), Stats.ms(longestGc / 1e6));
        System.out.println("hottest methods (self time), with their most common callers:");
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(12).forEach(x -> {
            System.out.printf("  %5.1f %%  %s%n", 100.0 * x.getValue() / total, x.getKey());
            callers.get(x.getKey()).entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(1)
                    .forEach(c -> System.out.printf("            < %s%n", c.getKey()));
        });
    }

    private static String stageOf(List<String> frames) {
        for (String f : frames) {
            for (var s : STAGES.entrySet()) {
                if (s.getValue().stream().anyMatch(f::startsWith)) return s.getKey();
            }
        }
        return "other";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String shortName(String name) {
        int method = name.lastIndexOf('.');
        int cls = name.lastIndexOf('.', method - 1);
        return cls < 0 ? name : name.substring(cls + 1);
    }
}
