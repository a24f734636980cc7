package com.penguinmails.alerthub.threshold;

/** The thresholds text is not valid; the message says where and why, for the person who wrote it. */
public class ThresholdSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ThresholdSyntaxException(String message) {
        super(message);
    }

    static ThresholdSyntaxException of(String detail) {
        return new ThresholdSyntaxException("thresholds: " + detail);
    }

    static ThresholdSyntaxException inColumn(String column, String detail) {
        return of("column '" + column + "': " + detail);
    }
}
