package com.penguinmails.alerthub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as ops write them: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or a plain number of milliseconds. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 30s, 5m, 1h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest text that parses back to the same duration. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** For people: {@code 5 min}, {@code 1 h}, {@code 1 h 45 min} (seconds only when there are some). */
    public static String words(Duration d) {
        long s = d.toSeconds();
        List<String> parts = new ArrayList<>();
        if (s >= 3600) parts.add(s / 3600 + " h");
        if (s % 3600 >= 60) parts.add(s % 3600 / 60 + " min");
        if (s % 60 != 0 || parts.isEmpty()) parts.add(s % 60 + " s");
        return String.join(" ", parts);
    }
}
