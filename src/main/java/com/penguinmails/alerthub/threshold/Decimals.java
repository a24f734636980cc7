package com.penguinmails.alerthub.threshold;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/** Exact decimal conversion, so a bound of 0.1 means 0.1 and not its binary approximation. */
final class Decimals {

    // Plain decimals only: an exponent such as 1e3 is easy to misread in a threshold.
    private static final Pattern PLAIN = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private Decimals() {
    }

    static Optional<BigDecimal> parsePlain(String text) {
        String t = text.trim();
        return PLAIN.matcher(t).matches() ? Optional.of(new BigDecimal(t)) : Optional.empty();
    }

    /**
     * Converts a JDBC value exactly.
     *
     * @throws IllegalArgumentException whose message completes "column 'x' ..."
     */
    static BigDecimal exact(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof Double || raw instanceof Float) {
            return fromFloatingPoint((Number) raw);
        }
        // PostgreSQL numeric sometimes arrives as text
        if (raw instanceof String s) {
            return parsePlain(s).orElseThrow(() -> notNumeric(raw));
        }
        throw notNumeric(raw);
    }

    private static BigDecimal fromFloatingPoint(Number n) {
        if (!Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("is not a finite number: " + n);
        }
        // Both go through the shortest decimal text that round-trips, so 0.1 stays 0.1
        return n instanceof Float f ? new BigDecimal(f.toString()) : BigDecimal.valueOf(n.doubleValue());
    }

    private static IllegalArgumentException notNumeric(Object raw) {
        return new IllegalArgumentException("is not numeric: '" + raw + "'");
    }
}
