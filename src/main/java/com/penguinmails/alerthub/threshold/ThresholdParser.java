package com.penguinmails.alerthub.threshold;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Splits thresholds text into column rules; see {@link Thresholds} for the grammar. */
final class ThresholdParser {

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ThresholdParser() {
    }

    static List<ColumnThreshold> parse(String text) {
        List<ColumnThreshold> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String rule : text.split(";", -1)) {
            ColumnThreshold column = parseRule(rule.trim());
            if (!seen.add(column.column().toLowerCase(Locale.ROOT))) {
                throw ThresholdSyntaxException.of(
                        "column '" + column.column() + "' is given twice (merge its clauses into one rule)");
            }
            columns.add(column);
        }
        return columns;
    }

    private static ColumnThreshold parseRule(String rule) {
        if (rule.isEmpty()) {
            throw ThresholdSyntaxException.of("empty rule (check for a stray ';')");
        }
        int colon = rule.indexOf(':');
        if (colon < 0) {
            throw ThresholdSyntaxException.of(
                    "missing ':' after the column name in '" + rule + "' (expected 'column: clause, ...')");
        }
        String column = rule.substring(0, colon).trim();
        if (column.isEmpty()) {
            throw ThresholdSyntaxException.of("missing column name in '" + rule + "'");
        }
        if (!COLUMN.matcher(column).matches()) {
            throw ThresholdSyntaxException.of("bad column name '" + column + "' in '" + rule
                    + "' (expected letters, digits and _, not starting with a digit)");
        }
        ColumnRule parsed = new ColumnRule(column);
        String clauses = rule.substring(colon + 1);
        // A blank clause list falls through to the "no severity bound" error, which says what to add
        if (!clauses.isBlank()) {
            for (String clause : clauses.split(",", -1)) {
                parsed.add(clause.trim());
            }
        }
        return parsed.build();
    }
}
