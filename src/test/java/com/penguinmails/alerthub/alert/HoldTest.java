package com.penguinmails.alerthub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.Schedule;
import com.penguinmails.alerthub.threshold.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code for} is a duration and a number of runs: ceil(for / the check's period), at least 2, or {@code min-runs}. */
class HoldTest {

    private static final Instant T = Instant.parse("2026-11-25T09:00:00Z");

    private static Hold hold(String thresholds, String schedule) {
        return Hold.of(new CheckDefinition("c", List.of("oltp"), "SELECT 1", Thresholds.parse(thresholds), "performance-degradation",
                List.of(), Schedule.parse(schedule), CheckDefinition.NoRows.OK, "", "test"));
    }

    @Test
    void runsComeFromTheScheduleUnlessWritten() {
        assertThat(hold("x: high > 1", "1m")).isEqualTo(Hold.NONE);
        assertThat(hold("x: high > 1, for 5m", "1m")).isEqualTo(new Hold(Duration.ofMinutes(5), 5));
        assertThat(hold("x: high > 1, for 5m", "2m")).as("ceil(5 / 2)").isEqualTo(new Hold(Duration.ofMinutes(5), 3));
        assertThat(hold("x: high > 1, for 5m", "10m")).as("at least 2").isEqualTo(new Hold(Duration.ofMinutes(5), 2));
        assertThat(hold("x: high > 1, for 5m", "0 0/5 * * * ?")).as("a cron's shortest gap").isEqualTo(new Hold(Duration.ofMinutes(5), 2));
        assertThat(hold("x: high > 1, for 5m", "0 * * * * ?")).isEqualTo(new Hold(Duration.ofMinutes(5), 5));
        assertThat(hold("x: high > 1, for 5m, min-runs 3", "1m")).isEqualTo(new Hold(Duration.ofMinutes(5), 3));
    }

    @Test
    void runsCloserThanHalfTheExpectedGapCountOnce() {
        Hold h = new Hold(Duration.ofMinutes(5), 5);
        assertThat(h.counts(null, T)).isTrue();
        assertThat(h.counts(T, T.plusSeconds(29))).as("a burst").isFalse();
        assertThat(h.counts(T, T.plusSeconds(30))).isTrue();
        assertThat(h.held(T, 4, T.plusSeconds(600))).as("long enough, too few runs").isFalse();
        assertThat(h.held(T, 5, T.plusSeconds(299))).as("enough runs, too short").isFalse();
        assertThat(h.held(T, 5, T.plusSeconds(300))).isTrue();
    }
}
