package com.penguinmails.alerthub.threshold;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on a whole result row.
 *
 * @param severity the highest severity among breaching columns, for BREACH; else null
 * @param columns  one verdict per configured column, in configured order
 */
public record RowVerdict(Verdict verdict, Severity severity, List<ColumnVerdict> columns) {

    public RowVerdict {
        Objects.requireNonNull(verdict, "verdict");
        columns = List.copyOf(columns);
    }

    /** Combines column verdicts: a broken check outranks a breach, a breach outranks the hysteresis band. */
    static RowVerdict of(List<ColumnVerdict> columns) {
        if (any(columns, Verdict.ERROR)) {
            return new RowVerdict(Verdict.ERROR, null, columns);
        }
        if (any(columns, Verdict.BREACH)) {
            Severity max = columns.stream()
                    .map(ColumnVerdict::severity)
                    .filter(Objects::nonNull)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            return new RowVerdict(Verdict.BREACH, max, columns);
        }
        if (any(columns, Verdict.HOLD)) {
            return new RowVerdict(Verdict.HOLD, null, columns);
        }
        boolean allNoData = !columns.isEmpty() && columns.stream().allMatch(c -> c.verdict() == Verdict.NO_DATA);
        return new RowVerdict(allNoData ? Verdict.NO_DATA : Verdict.OK, null, columns);
    }

    private static boolean any(List<ColumnVerdict> columns, Verdict verdict) {
        return columns.stream().anyMatch(c -> c.verdict() == verdict);
    }

    /**
     * The column that decided the verdict: the first configured column with the row's verdict (and, for BREACH,
     * the row's severity). Empty only when there are no columns.
     */
    public Optional<ColumnVerdict> worst() {
        return columns.stream()
                .filter(c -> c.verdict() == verdict && c.severity() == severity)
                .findFirst();
    }
}
