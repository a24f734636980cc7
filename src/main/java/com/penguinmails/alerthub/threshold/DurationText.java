package com.penguinmails.alerthub.threshold;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The short duration syntax of 'for' clauses: 30s, 5m, 1h, 2d. */
final class DurationText {

    // At most 9 digits, so no amount can overflow Duration
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([smhd])");

    static final String EXPECTED = "a whole number above 0 followed by s, m, h or d, e.g. 30s, 5m, 1h";

    private DurationText() {
    }

    static Optional<Duration> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    /** Uses the largest unit that divides evenly, so 120s prints as 2m. */
    static String format(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
