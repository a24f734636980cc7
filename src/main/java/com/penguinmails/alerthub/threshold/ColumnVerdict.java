package com.penguinmails.alerthub.threshold;

import java.math.BigDecimal;

/**
 * The verdict on one column of a result row.
 *
 * @param severity for BREACH, else null
 * @param value    the exact value judged, null for NO_DATA and ERROR
 * @param bound    the bound that matched, for BREACH, else null
 * @param error    what went wrong, for ERROR, else null
 */
public record ColumnVerdict(String column, Verdict verdict, Severity severity, BigDecimal value, Bound bound,
        String error) {

    static ColumnVerdict ok(String column, BigDecimal value) {
        return new ColumnVerdict(column, Verdict.OK, null, value, null, null);
    }

    static ColumnVerdict hold(String column, BigDecimal value) {
        return new ColumnVerdict(column, Verdict.HOLD, null, value, null, null);
    }

    static ColumnVerdict breach(String column, BigDecimal value, Bound bound) {
        return new ColumnVerdict(column, Verdict.BREACH, bound.severity(), value, bound, null);
    }

    static ColumnVerdict noData(String column) {
        return new ColumnVerdict(column, Verdict.NO_DATA, null, null, null, null);
    }

    static ColumnVerdict error(String column, String error) {
        return new ColumnVerdict(column, Verdict.ERROR, null, null, null, error);
    }
}
