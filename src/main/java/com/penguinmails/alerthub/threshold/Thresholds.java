package com.penguinmails.alerthub.threshold;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The thresholds of a database health check, parsed from one config string and evaluated in Java on exact
 * numbers. Nothing is ever turned into an SQL or script expression.
 *
 * <h2>Grammar</h2>
 * <pre>
 * thresholds  := column-rule ( ";" column-rule )*      (empty or blank text: no thresholds)
 * column-rule := column ":" clause ( "," clause )*
 * clause      := severity op number                    e.g. critical &gt; 90
 *              | "clear" op number                     hysteresis: an open alert resolves only when this holds
 *              | "for" duration                        the breach must hold this long before it fires
 *              | "min-runs" count                      ... and be seen by this many successful runs (needs 'for')
 * severity    := critical | high | medium | low        (case-insensitive)
 * op          := &gt; | &gt;= | &lt; | &lt;=
 * number      := plain decimal with optional sign: 90, 0.01, -3 (no exponent: 1e3 is rejected)
 * duration    := whole number above 0 followed by s | m | h | d: 30s, 5m, 1h, 2d
 * count       := whole number from 2 to 9999
 * column      := [A-Za-z_][A-Za-z0-9_]*                (matched case-insensitively against row keys)
 * </pre>
 * Example: {@code usage_pct: critical > 90, high > 80, clear < 75; waiting: medium >= 1, for 2m}
 *
 * <h2>Rules per column</h2>
 * <ul>
 * <li>At least one severity bound, each severity at most once, at most one clear and one for clause.</li>
 * <li>All severity bounds point the same way: only {@code >}/{@code >=}, or only {@code <}/{@code <=}.</li>
 * <li>A more severe bound is at least as far out: for {@code >} bounds its value is at least the less severe
 * one's, for {@code <} bounds at most.</li>
 * <li>The clear bound points the other way and lies on the safe side: for {@code >} bounds its value is at most
 * the least severe bound's value, for {@code <} bounds at least.</li>
 * </ul>
 *
 * <h2>Evaluation</h2>
 * A column breaches with the highest severity whose bound matches; otherwise it is HOLD if it has a clear bound
 * the value does not satisfy, else OK. SQL NULL is NO_DATA; a missing or non-numeric column is ERROR. A row is
 * ERROR if any column is, else BREACH at the highest severity if any column breaches, else HOLD if any column
 * holds, else NO_DATA if every column is, else OK.
 */
public final class Thresholds {

    private static final Thresholds NONE = new Thresholds(List.of());

    private final List<ColumnThreshold> columns;

    private Thresholds(List<ColumnThreshold> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * Parses thresholds text; null, empty or blank text means no thresholds.
     *
     * @throws ThresholdSyntaxException naming the column and clause at fault
     */
    public static Thresholds parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        return new Thresholds(ThresholdParser.parse(text));
    }

    public static Thresholds none() {
        return NONE;
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    public List<ColumnThreshold> columns() {
        return columns;
    }

    /** Lower-case, in configured order. */
    public Set<String> columnNames() {
        return columns.stream()
                .map(c -> c.column().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Row keys are matched case-insensitively, since JDBC drivers differ in the case of column labels. */
    public RowVerdict evaluate(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        // this runs once per result row: exact-name lookups first, the case-insensitive scan only when they miss
        List<ColumnVerdict> verdicts = new ArrayList<>(columns.size());
        for (ColumnThreshold c : columns) {
            String key = row.containsKey(c.column()) ? c.column() : keyIgnoringCase(row, c.column());
            verdicts.add(key == null ? missing(c.column(), row) : c.evaluate(row.get(key)));
        }
        return RowVerdict.of(verdicts);
    }

    private static String keyIgnoringCase(Map<String, ?> row, String column) {
        for (String k : row.keySet()) {
            if (k.equalsIgnoreCase(column)) return k;
        }
        return null;
    }

    private static ColumnVerdict missing(String column, Map<String, ?> row) {
        String present = row.isEmpty() ? "none" : String.join(", ", row.keySet());
        return ColumnVerdict.error(column, "column '" + column + "' is not in the result (columns: " + present + ")");
    }

    /** The longest 'for' among columns: a row fires only after its breach held this long. */
    public Optional<Duration> forDuration() {
        return columns.stream()
                .map(ColumnThreshold::forDuration)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
    }

    /** The largest explicit 'min-runs' among columns; empty when none is written (then the schedule decides). */
    public Optional<Integer> minRuns() {
        return columns.stream()
                .map(ColumnThreshold::minRuns)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && columns.equals(t.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    /** Canonical text that {@link #parse} accepts back; empty for no thresholds. */
    @Override
    public String toString() {
        return columns.stream().map(ColumnThreshold::canonical).collect(Collectors.joining("; "));
    }
}
