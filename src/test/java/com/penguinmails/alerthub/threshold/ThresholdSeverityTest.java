package com.penguinmails.alerthub.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdSeverityTest {

    @ParameterizedTest
    @CsvSource({"critical,CRITICAL", "HIGH,HIGH", "Medium,MEDIUM", "' low ',LOW"})
    void parsesSeverityCaseInsensitively(String text, Severity expected) {
        assertThat(Severity.parse(text)).isEqualTo(expected);
    }

    @Test
    void unknownSeverityListsTheValidNames() {
        assertThatThrownBy(() -> Severity.parse("urgent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown severity 'urgent' (expected critical, high, medium or low)");
    }

    @Test
    void severitiesAreOrderedLeastToMostSevere() {
        assertThat(Severity.values()).containsExactly(Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL);
        assertThat(Severity.CRITICAL.label()).isEqualTo("critical");
    }

    @ParameterizedTest
    @CsvSource({"CRITICAL,critical", "HIGH,error", "MEDIUM,warning", "LOW,info"})
    void mapsToPagerDutySeverity(Severity severity, String pagerDuty) {
        assertThat(severity.pagerDutySeverity()).isEqualTo(pagerDuty);
    }

    @ParameterizedTest
    @CsvSource({
        "GT, 90,   false", "GT, 90.01, true", "GE, 90, true", "GE, 89.99, false",
        "LT, 5,    false", "LT, 4.99,  true", "LE, 5,  true", "LE, 5.01,  false",
        "GE, 90.000, true"})
    void comparesExactly(Comparison op, BigDecimal value, boolean expected) {
        BigDecimal bound = op.upward() ? new BigDecimal("90") : new BigDecimal("5");
        assertThat(op.test(value, bound)).isEqualTo(expected);
    }

    @Test
    void symbolsAndDirections() {
        assertThat(Comparison.GT.symbol()).isEqualTo(">");
        assertThat(Comparison.LE.symbol()).isEqualTo("<=");
        assertThat(Comparison.GE.upward()).isTrue();
        assertThat(Comparison.LT.upward()).isFalse();
    }

    @Test
    void boundDescribesItsCondition() {
        Bound bound = new Bound(Severity.HIGH, Comparison.GE, new BigDecimal("0.01"));
        assertThat(bound.describe()).isEqualTo(">= 0.01");
        assertThat(bound.matches(new BigDecimal("0.01"))).isTrue();
        assertThat(bound.matches(new BigDecimal("0.009"))).isFalse();
    }
}
