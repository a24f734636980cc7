package com.penguinmails.alerthub.threshold;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The thresholds of one result column.
 *
 * @param column      as written in the config; matched case-insensitively against row keys
 * @param bounds      highest severity first, so the first bound that matches decides
 * @param clear       hysteresis: an open alert resolves only once this holds; null if none
 * @param forDuration how long a breach must hold before it fires; null if at once
 * @param minRuns     how many successful runs must see the breach within {@code forDuration}; null: derived from the
 *                    check's schedule (see {@code alert.Hold})
 */
public record ColumnThreshold(String column, List<Bound> bounds, Bound clear, Duration forDuration, Integer minRuns) {

    public ColumnThreshold {
        Objects.requireNonNull(column, "column");
        bounds = bounds.stream().sorted(Comparator.comparing(Bound::severity).reversed()).toList();
        // Whole positive seconds only, so toString() stays text that parse() accepts
        if (forDuration != null && (forDuration.getSeconds() <= 0 || forDuration.getNano() != 0)) {
            throw new IllegalArgumentException("forDuration must be a positive number of seconds: " + forDuration);
        }
    }

    public ColumnVerdict evaluate(Object rawValue) {
        if (rawValue == null) {
            return ColumnVerdict.noData(column);
        }
        BigDecimal value;
        try {
            value = Decimals.exact(rawValue);
        } catch (IllegalArgumentException e) {
            return ColumnVerdict.error(column, "column '" + column + "' " + e.getMessage());
        }
        for (Bound bound : bounds) {
            if (bound.matches(value)) {
                return ColumnVerdict.breach(column, value, bound);
            }
        }
        if (clear != null && !clear.matches(value)) {
            return ColumnVerdict.hold(column, value);
        }
        return ColumnVerdict.ok(column, value);
    }

    /** The rule as parse() accepts it, e.g. "usage_pct: critical > 90, clear < 75, for 2m". */
    String canonical() {
        List<String> clauses = new ArrayList<>();
        bounds.forEach(b -> clauses.add(b.clause()));
        if (clear != null) {
            clauses.add(clear.clause());
        }
        if (forDuration != null) {
            clauses.add("for " + DurationText.format(forDuration));
        }
        if (minRuns != null) {
            clauses.add("min-runs " + minRuns);
        }
        return column + ": " + String.join(", ", clauses);
    }
}
