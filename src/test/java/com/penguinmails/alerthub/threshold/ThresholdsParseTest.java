package com.penguinmails.alerthub.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdsParseTest {

    private static final String EXAMPLE = "usage_pct: critical > 90, high > 80, clear < 75; waiting: medium >= 1, for 2m";

    @Test
    void parsesTheExample() {
        Thresholds t = Thresholds.parse(EXAMPLE);

        assertThat(t.isEmpty()).isFalse();
        assertThat(t.columnNames()).containsExactly("usage_pct", "waiting");
        ColumnThreshold usage = t.columns().get(0);
        assertThat(usage.column()).isEqualTo("usage_pct");
        assertThat(usage.bounds()).containsExactly(
                new Bound(Severity.CRITICAL, Comparison.GT, new BigDecimal("90")),
                new Bound(Severity.HIGH, Comparison.GT, new BigDecimal("80")));
        assertThat(usage.clear()).isEqualTo(new Bound(null, Comparison.LT, new BigDecimal("75")));
        assertThat(usage.forDuration()).isNull();
        ColumnThreshold waiting = t.columns().get(1);
        assertThat(waiting.bounds()).containsExactly(new Bound(Severity.MEDIUM, Comparison.GE, BigDecimal.ONE));
        assertThat(waiting.clear()).isNull();
        assertThat(waiting.forDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void toStringIsTheCanonicalTextAndParsesBack() {
        Thresholds t = Thresholds.parse(EXAMPLE);

        assertThat(t).hasToString(EXAMPLE);
        assertThat(Thresholds.parse(t.toString())).isEqualTo(t);
    }

    @Test
    void canonicalTextOrdersBoundsHighestFirstAndNormalisesSpacingAndCase() {
        Thresholds t = Thresholds.parse("  Free_Pct:FOR 90s,Clear>=25 , LOW<20,Critical< -0.5,high <+10  ");

        assertThat(t).hasToString("Free_Pct: critical < -0.5, high < 10, low < 20, clear >= 25, for 90s");
        assertThat(Thresholds.parse(t.toString())).isEqualTo(t);
        assertThat(t.columnNames()).containsExactly("free_pct");
    }

    @Test
    void keepsTheScaleOfNumbersAsWritten() {
        assertThat(Thresholds.parse("lag: high > 0.50")).hasToString("lag: high > 0.50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void blankTextMeansNoThresholds(String text) {
        Thresholds t = Thresholds.parse(text);

        assertThat(t.isEmpty()).isTrue();
        assertThat(t.columns()).isEmpty();
        assertThat(t.columnNames()).isEmpty();
        assertThat(t.forDuration()).isEmpty();
        assertThat(t).hasToString("").isEqualTo(Thresholds.none());
    }

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "5m,PT5M", "1h,PT1H", "2d,PT48H"})
    void parsesDurations(String text, Duration expected) {
        Thresholds t = Thresholds.parse("x: high > 1, for " + text);

        assertThat(t.columns().get(0).forDuration()).isEqualTo(expected);
        assertThat(t).hasToString("x: high > 1, for " + text);
    }

    @Test
    void durationsPrintInTheLargestEvenUnit() {
        assertThat(Thresholds.parse("x: high > 1, for 120s")).hasToString("x: high > 1, for 2m");
        assertThat(Thresholds.parse("x: high > 1, for 1440m")).hasToString("x: high > 1, for 1d");
    }

    @Test
    void forDurationIsTheLongestAmongColumns() {
        Thresholds t = Thresholds.parse("a: high > 1, for 30s; b: high > 1; c: low > 1, for 5m");

        assertThat(t.forDuration()).contains(Duration.ofMinutes(5));
        assertThat(Thresholds.parse("a: high > 1").forDuration()).isEmpty();
    }

    @Test
    void minRunsGoesWithForAndPrintsBack() {
        Thresholds t = Thresholds.parse("a: high > 1, for 5m, MIN-RUNS 3; b: high > 1, for 1m, min-runs 4");

        assertThat(t.columns().get(0).minRuns()).isEqualTo(3);
        assertThat(t.minRuns()).as("the largest").contains(4);
        assertThat(t).hasToString("a: high > 1, for 5m, min-runs 3; b: high > 1, for 1m, min-runs 4");
        assertThat(Thresholds.parse("a: high > 1, for 5m").minRuns()).isEmpty();
    }

    @Test
    void columnsListIsImmutable() {
        Thresholds t = Thresholds.parse(EXAMPLE);

        assertThatThrownBy(() -> t.columns().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
