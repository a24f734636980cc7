package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.alert.AlertGroup;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on a group's labels, written as Alertmanager writes matchers: {@code tier=oltp}, {@code tier!=olap},
 * {@code check=~pool-.*}, {@code check!~long-queries.*}. A regex must match the whole value.
 *
 * @param text as written, which is also how it is stored and shown
 */
public record Matcher(String text, Label label, Op op, String value, Pattern pattern) {

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_-]+)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) return op;
            }
            throw new IllegalArgumentException(symbol);
        }

        boolean regex() {
            return this == REGEX || this == NOT_REGEX;
        }

        boolean negative() {
            return this == NOT_EQUAL || this == NOT_REGEX;
        }
    }

    /** Checks the form, the label and the regex; the value is checked against a configuration by {@link #known}. */
    public static Matcher parse(String text) {
        java.util.regex.Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("matcher '" + text + "' is not label=value, label!=value, label=~regex or label!~regex"
                    + " (labels: " + Label.NAMES + ")");
        }
        Label label = Label.find(m.group(1)).orElseThrow(() -> new IllegalArgumentException("matcher '" + text + "': unknown label '"
                + m.group(1) + "' (labels: " + Label.NAMES + ")"));
        Op op = Op.of(m.group(2));
        String value = unquoted(m.group(3));
        if (value.isEmpty()) throw new IllegalArgumentException("matcher '" + text + "' has no value");
        Pattern pattern = null;
        if (op.regex()) {
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher '" + text + "': bad regex: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return new Matcher(text.trim(), label, op, value, pattern);
    }

    /** This matcher, if the value it compares with exists in the configuration (a regex may match anything). */
    public Matcher known(KnownValues known) {
        if (op.regex()) return this;
        try {
            known.check(label, value);
            return this;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matcher '" + text + "': " + e.getMessage());
        }
    }

    public boolean matches(AlertGroup group) {
        String actual = label.of(group);
        boolean hit = op.regex() ? pattern.matcher(actual).matches() : value.equals(actual);
        return hit != op.negative();
    }

    private static String unquoted(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    @Override
    public String toString() {
        return text;
    }
}
