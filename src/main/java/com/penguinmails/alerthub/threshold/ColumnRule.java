package com.penguinmails.alerthub.threshold;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects the clauses of one column and checks that they make sense together. */
final class ColumnRule {

    private final String column;
    private final Map<Severity, Clause> bounds = new EnumMap<>(Severity.class);
    private Clause clear;
    private Clause forClause;
    private Clause minRuns;

    ColumnRule(String column) {
        this.column = column;
    }

    void add(String text) {
        Clause clause = Clause.parse(column, text);
        if (clause.runs() != null) {
            minRuns = once(minRuns, clause, "more than one min-runs clause");
        } else if (clause.duration() != null) {
            forClause = once(forClause, clause, "more than one for clause");
        } else if (clause.bound().severity() == null) {
            clear = once(clear, clause, "more than one clear clause");
        } else {
            Severity severity = clause.bound().severity();
            bounds.put(severity, once(bounds.get(severity), clause, "severity " + severity.label() + " is given twice"));
        }
    }

    private Clause once(Clause earlier, Clause clause, String problem) {
        if (earlier != null) {
            throw fail(problem + ": '" + earlier.text() + "' and '" + clause.text() + "'");
        }
        return clause;
    }

    ColumnThreshold build() {
        if (bounds.isEmpty()) {
            throw fail("no severity bound (expected at least one, e.g. 'critical > 90')");
        }
        List<Clause> ordered = bounds.values().stream()
                .sorted(Comparator.comparing((Clause c) -> c.bound().severity()).reversed())
                .toList();
        boolean upward = ordered.get(0).bound().op().upward();
        checkDirections(ordered, upward);
        checkOrder(ordered, upward);
        if (clear != null) {
            checkClear(ordered.get(ordered.size() - 1), upward);
        }
        if (minRuns != null && forClause == null) {
            throw fail("'" + minRuns.text() + "' needs a 'for' duration in the same column (a run count alone is never enough:"
                    + " a burst of runs after a pause would satisfy it), e.g. 'for 5m, " + minRuns.text() + "'");
        }
        return new ColumnThreshold(column,
                ordered.stream().map(Clause::bound).toList(),
                clear == null ? null : clear.bound(),
                forClause == null ? null : forClause.duration(),
                minRuns == null ? null : minRuns.runs());
    }

    private void checkDirections(List<Clause> ordered, boolean upward) {
        for (Clause c : ordered) {
            if (c.bound().op().upward() != upward) {
                throw fail("'" + c.text() + "' points the other way than '" + ordered.get(0).text()
                        + "' (use only > and >=, or only < and <=, for the severities of one column)");
            }
        }
    }

    // Highest severity first, so each clause must be at least as far out as the next one
    private void checkOrder(List<Clause> ordered, boolean upward) {
        for (int i = 1; i < ordered.size(); i++) {
            Clause higher = ordered.get(i - 1);
            Clause lower = ordered.get(i);
            int c = higher.bound().value().compareTo(lower.bound().value());
            if (upward ? c < 0 : c > 0) {
                throw fail("'" + higher.text() + "' is " + (upward ? "below" : "above") + " '" + lower.text()
                        + "' (with " + (upward ? ">" : "<") + " bounds a more severe level needs a bound at least as "
                        + (upward ? "high" : "low") + ")");
            }
        }
    }

    // A clear bound inside the alert zone would do nothing (a breach always wins), so it is surely a mistake
    private void checkClear(Clause leastSevere, boolean upward) {
        if (clear.bound().op().upward() == upward) {
            throw fail("'" + clear.text() + "' points the same way as the bounds (with " + (upward ? ">" : "<")
                    + " bounds use clear " + (upward ? "< or clear <=" : "> or clear >=") + ")");
        }
        int c = clear.bound().value().compareTo(leastSevere.bound().value());
        if (upward ? c > 0 : c < 0) {
            throw fail("'" + clear.text() + "' is " + (upward ? "above" : "below") + " the least severe bound '"
                    + leastSevere.text() + "' (the clear value must be at or " + (upward ? "below " : "above ")
                    + leastSevere.bound().value().toPlainString() + ")");
        }
    }

    private ThresholdSyntaxException fail(String detail) {
        return ThresholdSyntaxException.inColumn(column, detail);
    }
}
