package com.penguinmails.alerthub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/** The machine a figure was measured on: figures without it mean little. */
final class Env {

    private Env() {
    }

    static String describe() {
        return "Java " + System.getProperty("java.version") + ", load " + loadAverage() + ", "
                + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * CPU time used so far by this JVM and by every PostgreSQL process on the machine, in nanoseconds: what a phase
     * cost, whatever else the shared machine was doing meanwhile (its wall time is not).
     */
    static long cpuNanos() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                ticks += postgresTicks(proc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jvm + ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** utime + stime of a postgres process, 0 for any other (or one that just ended). */
    private static long postgresTicks(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) return 0;
            String[] f = stat.substring(close + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
