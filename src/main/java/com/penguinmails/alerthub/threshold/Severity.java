package com.penguinmails.alerthub.threshold;

import java.util.Locale;
import java.util.Optional;

/** How bad a breach is. Declared from least to most severe, so the natural order ranks them. */
public enum Severity {
    LOW("info"), MEDIUM("warning"), HIGH("error"), CRITICAL("critical");

    /** The valid names as a person would list them, for error messages. */
    static final String EXPECTED = "critical, high, medium or low";

    private final String pagerDutySeverity;

    Severity(String pagerDutySeverity) {
        this.pagerDutySeverity = pagerDutySeverity;
    }

    /** Case-insensitive, because config is written by hand. */
    public static Severity parse(String s) {
        return find(s).orElseThrow(() -> new IllegalArgumentException(
                "unknown severity '" + s + "' (expected " + EXPECTED + ")"));
    }

    static Optional<Severity> find(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Severity severity : values()) {
            if (severity.name().equalsIgnoreCase(s.trim())) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    /** The lower-case name used in threshold text, e.g. "critical". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** PagerDuty Events v2 only accepts critical, error, warning and info. */
    public String pagerDutySeverity() {
        return pagerDutySeverity;
    }
}
