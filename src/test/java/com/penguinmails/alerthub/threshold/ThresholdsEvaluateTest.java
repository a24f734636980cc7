package com.penguinmails.alerthub.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdsEvaluateTest {

    private static final Thresholds USAGE = Thresholds.parse("usage_pct: critical > 90, high >= 80, clear < 75");
    private static final Thresholds FREE = Thresholds.parse("free_pct: critical < 5, high <= 10, clear > 15");

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static ColumnVerdict only(RowVerdict verdict) {
        assertThat(verdict.columns()).hasSize(1);
        return verdict.columns().get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "90.01, BREACH, CRITICAL, > 90",
        "90,    BREACH, HIGH,     >= 80",
        "80,    BREACH, HIGH,     >= 80",
        "79.99, HOLD,   ,",
        "75,    HOLD,   ,",
        "74.99, OK,     ,",
        "-1,    OK,     ,"})
    void upwardBoundsAtAndAroundEachValue(BigDecimal value, Verdict verdict, Severity severity, String bound) {
        RowVerdict row = USAGE.evaluate(row("usage_pct", value));

        assertThat(row.verdict()).isEqualTo(verdict);
        assertThat(row.severity()).isEqualTo(severity);
        ColumnVerdict column = only(row);
        assertThat(column.value()).isEqualByComparingTo(value);
        assertThat(column.bound() == null ? null : column.bound().describe()).isEqualTo(bound);
        assertThat(column.error()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "4.99,  BREACH, CRITICAL",
        "5,     BREACH, HIGH",
        "10,    BREACH, HIGH",
        "10.01, HOLD,",
        "15,    HOLD,",
        "15.01, OK,"})
    void downwardBoundsAtAndAroundEachValue(BigDecimal value, Verdict verdict, Severity severity) {
        RowVerdict row = FREE.evaluate(row("free_pct", value));

        assertThat(row.verdict()).isEqualTo(verdict);
        assertThat(row.severity()).isEqualTo(severity);
    }

    @Test
    void withoutClearBoundTheBandIsOk() {
        Thresholds t = Thresholds.parse("usage_pct: critical > 90");

        assertThat(t.evaluate(row("usage_pct", 90)).verdict()).isEqualTo(Verdict.OK);
        assertThat(t.evaluate(row("usage_pct", 91)).verdict()).isEqualTo(Verdict.BREACH);
    }

    @Test
    void breachCarriesTheMatchingBound() {
        ColumnVerdict column = only(USAGE.evaluate(row("usage_pct", 95)));

        assertThat(column).isEqualTo(new ColumnVerdict("usage_pct", Verdict.BREACH, Severity.CRITICAL,
                BigDecimal.valueOf(95), new Bound(Severity.CRITICAL, Comparison.GT, new BigDecimal("90")), null));
    }

    @Test
    void nullIsNoData() {
        RowVerdict row = USAGE.evaluate(row("usage_pct", null));

        assertThat(row.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(only(row)).isEqualTo(new ColumnVerdict("usage_pct", Verdict.NO_DATA, null, null, null, null));
    }

    @Test
    void numericTextIsParsed() {
        RowVerdict row = USAGE.evaluate(row("usage_pct", " 90.5 "));

        assertThat(row.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(only(row).value()).isEqualTo(new BigDecimal("90.5"));
    }

    @Test
    void nonNumericValuesAreErrors() {
        assertThat(only(USAGE.evaluate(row("usage_pct", "abc"))).error())
                .isEqualTo("column 'usage_pct' is not numeric: 'abc'");
        assertThat(only(USAGE.evaluate(row("usage_pct", "1e3"))).error())
                .isEqualTo("column 'usage_pct' is not numeric: '1e3'");
        assertThat(only(USAGE.evaluate(row("usage_pct", Boolean.TRUE))).error())
                .isEqualTo("column 'usage_pct' is not numeric: 'true'");
        RowVerdict row = USAGE.evaluate(row("usage_pct", "NaN"));
        assertThat(row.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(row.severity()).isNull();
    }

    @Test
    void notFiniteDoublesAreErrors() {
        ColumnVerdict nan = only(USAGE.evaluate(row("usage_pct", Double.NaN)));
        assertThat(nan.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(nan.value()).isNull();
        assertThat(nan.error()).isEqualTo("column 'usage_pct' is not a finite number: NaN");
        assertThat(only(USAGE.evaluate(row("usage_pct", Float.POSITIVE_INFINITY))).error())
                .isEqualTo("column 'usage_pct' is not a finite number: Infinity");
    }

    @Test
    void everyJdbcNumberTypeIsExact() {
        Thresholds t = Thresholds.parse("v: high > 0.1");

        assertThat(t.evaluate(row("v", 0.1d)).verdict()).isEqualTo(Verdict.OK);
        assertThat(t.evaluate(row("v", 0.1f)).verdict()).isEqualTo(Verdict.OK);
        assertThat(t.evaluate(row("v", new BigDecimal("0.1000"))).verdict()).isEqualTo(Verdict.OK);
        assertThat(t.evaluate(row("v", 0.10000000000000001d)).verdict()).isEqualTo(Verdict.OK);
        assertThat(t.evaluate(row("v", 0.11d)).verdict()).isEqualTo(Verdict.BREACH);
        for (Object one : List.of(1, 1L, (short) 1, (byte) 1, BigInteger.ONE, BigDecimal.ONE, 1.0d, 1.0f)) {
            assertThat(only(t.evaluate(row("v", one))).value()).as(one.getClass().getSimpleName())
                    .isEqualByComparingTo(BigDecimal.ONE);
        }
    }

    @Test
    void columnsMatchRowKeysIgnoringCase() {
        Thresholds t = Thresholds.parse("Usage_Pct: critical > 90");

        assertThat(t.evaluate(row("USAGE_PCT", 95)).verdict()).isEqualTo(Verdict.BREACH);
        assertThat(t.evaluate(row("usage_pct", 95)).verdict()).isEqualTo(Verdict.BREACH);
    }

    @Test
    void missingColumnIsAnErrorListingTheColumnsPresent() {
        RowVerdict row = USAGE.evaluate(row("usage", 95, "db", "main"));

        assertThat(row.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(only(row).error()).isEqualTo("column 'usage_pct' is not in the result (columns: usage, db)");
        assertThat(only(USAGE.evaluate(new HashMap<>())).error())
                .isEqualTo("column 'usage_pct' is not in the result (columns: none)");
    }

    @Test
    void rowTakesTheHighestSeverityAndWorstNamesTheFirstColumnWithIt() {
        Thresholds t = Thresholds.parse("a: high > 1, critical > 5; b: critical > 5; c: medium > 0");

        RowVerdict row = t.evaluate(row("a", 3, "b", 9, "c", 9));

        assertThat(row.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(row.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(row.columns()).extracting(ColumnVerdict::severity)
                .containsExactly(Severity.HIGH, Severity.CRITICAL, Severity.MEDIUM);
        assertThat(row.worst()).map(ColumnVerdict::column).contains("b");

        RowVerdict tie = t.evaluate(row("a", 9, "b", 9, "c", 9));
        assertThat(tie.worst()).map(ColumnVerdict::column).contains("a");
    }

    @Test
    void errorOutranksBreachAndBreachOutranksHold() {
        Thresholds t = Thresholds.parse("a: high > 10, clear < 5; b: critical > 10; c: low > 10");

        RowVerdict error = t.evaluate(row("a", 7, "b", 20, "c", "x"));
        assertThat(error.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(error.severity()).isNull();
        assertThat(error.worst()).map(ColumnVerdict::column).contains("c");

        RowVerdict breach = t.evaluate(row("a", 7, "b", 20, "c", 1));
        assertThat(breach.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(breach.worst()).map(ColumnVerdict::column).contains("b");

        RowVerdict hold = t.evaluate(row("a", 7, "b", null, "c", 1));
        assertThat(hold.verdict()).isEqualTo(Verdict.HOLD);
        assertThat(hold.worst()).map(ColumnVerdict::column).contains("a");
    }

    @Test
    void noDataOnlyWhenEveryColumnIsNull() {
        Thresholds t = Thresholds.parse("a: high > 10; b: high > 10");

        assertThat(t.evaluate(row("a", null, "b", null)).verdict()).isEqualTo(Verdict.NO_DATA);
        RowVerdict partly = t.evaluate(row("a", null, "b", 1));
        assertThat(partly.verdict()).isEqualTo(Verdict.OK);
        assertThat(partly.worst()).map(ColumnVerdict::column).contains("b");
    }

    @Test
    void emptyThresholdsPassEveryRow() {
        RowVerdict row = Thresholds.none().evaluate(row("anything", "abc"));

        assertThat(row.verdict()).isEqualTo(Verdict.OK);
        assertThat(row.columns()).isEmpty();
        assertThat(row.worst()).isEmpty();
    }

    @Test
    void forDoesNotChangeTheVerdictOfOneRow() {
        // 'for' is applied by the caller over time; a single row still reports its breach
        Thresholds t = Thresholds.parse("waiting: medium >= 1, for 2m");

        RowVerdict row = t.evaluate(row("WAITING", 1L));

        assertThat(row.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(row.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(t.forDuration()).contains(Duration.ofMinutes(2));
    }
}
