package com.penguinmails.alerthub.threshold;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One limit on a column, e.g. {@code critical > 90}.
 *
 * @param severity the level it raises; null for the clear bound, which raises nothing
 */
public record Bound(Severity severity, Comparison op, BigDecimal value) {

    public Bound {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    public boolean matches(BigDecimal v) {
        return op.test(v, value);
    }

    /** The condition alone, e.g. "> 90", for alert texts. */
    public String describe() {
        return op.symbol() + " " + value.toPlainString();
    }

    /** The clause as parse() accepts it, e.g. "critical > 90" or "clear < 75". */
    String clause() {
        return (severity == null ? "clear" : severity.label()) + " " + describe();
    }
}
