package com.penguinmails.alerthub.threshold;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One clause as written, kept with its text so error messages can quote it.
 *
 * @param bound    a severity or clear bound; null for a 'for' or 'min-runs' clause
 * @param duration the 'for' duration; null otherwise
 * @param runs     the 'min-runs' count; null otherwise
 */
record Clause(String text, Bound bound, Duration duration, Integer runs) {

    private static final Pattern MIN_RUNS = Pattern.compile("(?i)min-runs\\b\\s*(.*)", Pattern.DOTALL);

    // keyword, then a run of operator characters (possibly an unknown one such as "=>"), then the rest
    private static final Pattern SHAPE = Pattern.compile("([A-Za-z_]\\w*)?\\s*([<>=!]*)\\s*(.*)", Pattern.DOTALL);

    static Clause parse(String column, String text) {
        if (text.isEmpty()) {
            throw ThresholdSyntaxException.inColumn(column, "empty clause (check for a stray ',')");
        }
        Matcher minRuns = MIN_RUNS.matcher(text);
        if (minRuns.matches()) {
            return new Clause(text, null, null, runs(column, text, minRuns.group(1).trim()));
        }
        Matcher m = SHAPE.matcher(text);
        m.matches(); // every part is optional, so this always matches
        String keyword = m.group(1);
        if (keyword == null) {
            throw ThresholdSyntaxException.inColumn(column, "missing severity in '" + text + "' (expected "
                    + Severity.EXPECTED + ", e.g. 'critical > 90')");
        }
        if (keyword.equalsIgnoreCase("for")) {
            return new Clause(text, null, duration(column, text, text.substring(keyword.length()).trim()), null);
        }
        Severity severity = keyword.equalsIgnoreCase("clear") ? null : Severity.find(keyword).orElseThrow(() ->
                ThresholdSyntaxException.inColumn(column, "unknown severity '" + keyword + "' in '" + text
                        + "' (expected " + Severity.EXPECTED + ")"));
        Comparison op = operator(column, text, m.group(2), m.group(3));
        return new Clause(text, new Bound(severity, op, number(column, text, m.group(3))), null, null);
    }

    private static Comparison operator(String column, String text, String symbol, String rest) {
        if (!symbol.isEmpty()) {
            return Comparison.fromSymbol(symbol).orElseThrow(() -> unknownOperator(column, text, symbol));
        }
        // No operator characters: say "missing" if a number follows directly, else quote the word used instead
        String word = rest.split("\\s+", 2)[0];
        if (word.isEmpty() || Decimals.parsePlain(word).isPresent()) {
            throw ThresholdSyntaxException.inColumn(column, "missing operator in '" + text + "' (expected "
                    + Comparison.EXPECTED + ")");
        }
        throw unknownOperator(column, text, word);
    }

    private static ThresholdSyntaxException unknownOperator(String column, String text, String symbol) {
        return ThresholdSyntaxException.inColumn(column, "unknown operator '" + symbol + "' in '" + text
                + "' (expected " + Comparison.EXPECTED + ")");
    }

    private static BigDecimal number(String column, String text, String number) {
        if (number.isEmpty()) {
            throw ThresholdSyntaxException.inColumn(column, "missing number in '" + text + "'");
        }
        return Decimals.parsePlain(number).orElseThrow(() -> ThresholdSyntaxException.inColumn(column,
                "bad number '" + number + "' in '" + text + "' (expected a plain decimal such as 90, 0.01 or -3)"));
    }

    private static int runs(String column, String text, String count) {
        if (count.matches("\\d{1,4}") && Integer.parseInt(count) >= 2) return Integer.parseInt(count);
        throw ThresholdSyntaxException.inColumn(column, "bad run count '" + count + "' in '" + text
                + "' (expected a whole number from 2 to 9999, e.g. 'min-runs 3')");
    }

    private static Duration duration(String column, String text, String duration) {
        return DurationText.parse(duration).orElseThrow(() -> ThresholdSyntaxException.inColumn(column,
                "bad duration '" + duration + "' in '" + text + "' (expected " + DurationText.EXPECTED + ")"));
    }
}
