package com.penguinmails.alerthub.threshold;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdsSyntaxErrorTest {

    private static void assertRejected(String text, String message) {
        assertThatThrownBy(() -> Thresholds.parse(text))
                .isInstanceOf(ThresholdSyntaxException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void minRunsWithoutForIsRefused() {
        assertRejected("waiting: medium >= 1, min-runs 3",
                "thresholds: column 'waiting': 'min-runs 3' needs a 'for' duration in the same column (a run count alone is never"
                        + " enough: a burst of runs after a pause would satisfy it), e.g. 'for 5m, min-runs 3'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "-2", "three", "10000"})
    void badMinRuns(String count) {
        assertRejected("waiting: medium >= 1, for 5m, min-runs " + count,
                "thresholds: column 'waiting': bad run count '" + count + "' in 'min-runs " + count
                        + "' (expected a whole number from 2 to 9999, e.g. 'min-runs 3')");
    }

    @Test
    void minRunsTwice() {
        assertRejected("waiting: medium >= 1, for 5m, min-runs 3, min-runs 4",
                "thresholds: column 'waiting': more than one min-runs clause: 'min-runs 3' and 'min-runs 4'");
    }

    @Test
    void unknownSeverity() {
        assertRejected("usage_pct: critical > 95, urgent > 90",
                "thresholds: column 'usage_pct': unknown severity 'urgent' in 'urgent > 90'"
                        + " (expected critical, high, medium or low)");
    }

    @Test
    void missingSeverity() {
        assertRejected("usage_pct: > 90",
                "thresholds: column 'usage_pct': missing severity in '> 90'"
                        + " (expected critical, high, medium or low, e.g. 'critical > 90')");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "critical => 90 | =>",
        "critical == 90 | ==",
        "critical = 90  | =",
        "critical != 90 | !=",
        "critical gt 90 | gt"})
    void unknownOperator(String clause, String op) {
        assertRejected("usage_pct: " + clause,
                "thresholds: column 'usage_pct': unknown operator '" + op + "' in '" + clause
                        + "' (expected >, >=, < or <=)");
    }

    @Test
    void missingOperator() {
        assertRejected("usage_pct: critical 90",
                "thresholds: column 'usage_pct': missing operator in 'critical 90' (expected >, >=, < or <=)");
        assertRejected("usage_pct: critical",
                "thresholds: column 'usage_pct': missing operator in 'critical' (expected >, >=, < or <=)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1e3", "90%", "0x10", "9 0", ".5", "ninety", "1.", "--3"})
    void badNumber(String number) {
        assertRejected("usage_pct: critical > " + number,
                "thresholds: column 'usage_pct': bad number '" + number + "' in 'critical > " + number
                        + "' (expected a plain decimal such as 90, 0.01 or -3)");
    }

    @Test
    void missingNumber() {
        assertRejected("usage_pct: critical >", "thresholds: column 'usage_pct': missing number in 'critical >'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2 m", "2M", "2w", "0s", "1.5h", "-1m", "m", "1234567890s"})
    void badDuration(String duration) {
        assertRejected("waiting: medium >= 1, for " + duration,
                "thresholds: column 'waiting': bad duration '" + duration + "' in 'for " + duration
                        + "' (expected a whole number above 0 followed by s, m, h or d, e.g. 30s, 5m, 1h)");
    }

    @Test
    void emptyDuration() {
        assertRejected("waiting: medium >= 1, for",
                "thresholds: column 'waiting': bad duration '' in 'for'"
                        + " (expected a whole number above 0 followed by s, m, h or d, e.g. 30s, 5m, 1h)");
    }

    @Test
    void missingColumnName() {
        assertRejected("usage_pct: high > 80;  : critical > 90",
                "thresholds: missing column name in ': critical > 90'");
    }

    @Test
    void missingColon() {
        assertRejected("usage_pct critical > 90",
                "thresholds: missing ':' after the column name in 'usage_pct critical > 90'"
                        + " (expected 'column: clause, ...')");
    }

    @Test
    void badColumnName() {
        assertRejected("usage-pct: critical > 90",
                "thresholds: bad column name 'usage-pct' in 'usage-pct: critical > 90'"
                        + " (expected letters, digits and _, not starting with a digit)");
        assertRejected("1st: critical > 90",
                "thresholds: bad column name '1st' in '1st: critical > 90'"
                        + " (expected letters, digits and _, not starting with a digit)");
    }

    @Test
    void strayPunctuation() {
        assertRejected("a: high > 1;", "thresholds: empty rule (check for a stray ';')");
        assertRejected("a: high > 1,, low > 0",
                "thresholds: column 'a': empty clause (check for a stray ',')");
    }

    @Test
    void duplicateColumnIgnoringCase() {
        assertRejected("usage_pct: critical > 90; USAGE_PCT: high > 80",
                "thresholds: column 'USAGE_PCT' is given twice (merge its clauses into one rule)");
    }

    @Test
    void columnWithoutSeverityBound() {
        assertRejected("waiting: clear < 1, for 2m",
                "thresholds: column 'waiting': no severity bound (expected at least one, e.g. 'critical > 90')");
        assertRejected("waiting:",
                "thresholds: column 'waiting': no severity bound (expected at least one, e.g. 'critical > 90')");
    }

    @Test
    void sameSeverityTwice() {
        assertRejected("usage_pct: high > 80, critical > 90, HIGH > 85",
                "thresholds: column 'usage_pct': severity high is given twice: 'high > 80' and 'HIGH > 85'");
    }

    @Test
    void moreThanOneClear() {
        assertRejected("usage_pct: high > 80, clear < 75, clear < 70",
                "thresholds: column 'usage_pct': more than one clear clause: 'clear < 75' and 'clear < 70'");
    }

    @Test
    void moreThanOneFor() {
        assertRejected("waiting: medium >= 1, for 2m, for 5m",
                "thresholds: column 'waiting': more than one for clause: 'for 2m' and 'for 5m'");
    }

    @Test
    void boundsPointingDifferentWays() {
        assertRejected("usage_pct: critical > 90, high < 10",
                "thresholds: column 'usage_pct': 'high < 10' points the other way than 'critical > 90'"
                        + " (use only > and >=, or only < and <=, for the severities of one column)");
        assertRejected("free_pct: low <= 20, critical >= 5",
                "thresholds: column 'free_pct': 'low <= 20' points the other way than 'critical >= 5'"
                        + " (use only > and >=, or only < and <=, for the severities of one column)");
    }

    @Test
    void upwardSeveritiesOutOfOrder() {
        assertRejected("usage_pct: critical > 80, high > 90",
                "thresholds: column 'usage_pct': 'critical > 80' is below 'high > 90'"
                        + " (with > bounds a more severe level needs a bound at least as high)");
        assertRejected("usage_pct: critical > 95, high > 70, medium > 80",
                "thresholds: column 'usage_pct': 'high > 70' is below 'medium > 80'"
                        + " (with > bounds a more severe level needs a bound at least as high)");
    }

    @Test
    void downwardSeveritiesOutOfOrder() {
        assertRejected("free_pct: critical < 10, high < 5",
                "thresholds: column 'free_pct': 'critical < 10' is above 'high < 5'"
                        + " (with < bounds a more severe level needs a bound at least as low)");
    }

    @Test
    void clearPointingTheSameWayAsTheBounds() {
        assertRejected("usage_pct: critical > 90, clear > 75",
                "thresholds: column 'usage_pct': 'clear > 75' points the same way as the bounds"
                        + " (with > bounds use clear < or clear <=)");
        assertRejected("free_pct: critical < 5, clear <= 15",
                "thresholds: column 'free_pct': 'clear <= 15' points the same way as the bounds"
                        + " (with < bounds use clear > or clear >=)");
    }

    @Test
    void clearInsideTheAlertZone() {
        assertRejected("usage_pct: critical > 90, high > 80, clear < 85",
                "thresholds: column 'usage_pct': 'clear < 85' is above the least severe bound 'high > 80'"
                        + " (the clear value must be at or below 80)");
        assertRejected("free_pct: critical < 5, high < 10, clear > 8",
                "thresholds: column 'free_pct': 'clear > 8' is below the least severe bound 'high < 10'"
                        + " (the clear value must be at or above 10)");
    }
}
