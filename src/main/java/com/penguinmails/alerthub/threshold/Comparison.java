package com.penguinmails.alerthub.threshold;

import java.math.BigDecimal;
import java.util.Optional;

/** The operator of a bound. */
public enum Comparison {
    GT(">"), GE(">="), LT("<"), LE("<=");

    /** The valid symbols as a person would list them, for error messages. */
    static final String EXPECTED = ">, >=, < or <=";

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    static Optional<Comparison> fromSymbol(String s) {
        for (Comparison c : values()) {
            if (c.symbol.equals(s)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public String symbol() {
        return symbol;
    }

    /** Uses compareTo, not equals, so 90 and 90.0 are the same level. */
    public boolean test(BigDecimal value, BigDecimal bound) {
        int c = value.compareTo(bound);
        return switch (this) {
            case GT -> c > 0;
            case GE -> c >= 0;
            case LT -> c < 0;
            case LE -> c <= 0;
        };
    }

    /** True for > and >=: the alert fires as the value climbs. */
    public boolean upward() {
        return this == GT || this == GE;
    }
}
