package com.penguinmails.alerthub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The percent state change against the Nagios formula, by hand: 21 results give 20 possible changes; the change
 * between result x-1 and x (x = 1 oldest .. 20 newest) weighs 0.8 + (x - 1) * 0.4 / 19; percent = 100 * sum / 20.
 * Fewer than 21 results are preceded by ok.
 */
class FlappingTest {

    private static final Flapping NAGIOS = new Flapping(true, 50, 25);
    private static final Instant T = Instant.parse("2026-11-25T09:00:00Z");

    @Test
    void noResultsOrOnlyOkAreNoChange() {
        assertThat(Flapping.percentStateChange("")).isZero();
        assertThat(Flapping.percentStateChange("OOOO")).isZero();
        assertThat(Flapping.percentStateChange("B".repeat(21))).as("a breach all along is no change either").isZero();
    }

    @Test
    void theNewestChangeWeighs1Point2AndTheOldest0Point8() {
        // ok -> breach at x = 20: 1.2 * 100 / 20
        assertThat(Flapping.percentStateChange("B")).isCloseTo(6.0, within(1e-9));
        // x = 1 only (the oldest result differs from the 20 after it): 0.8 * 100 / 20
        assertThat(Flapping.percentStateChange("B" + "O".repeat(20))).isCloseTo(4.0, within(1e-9));
        // x = 19 (0.8 + 18 * 0.4 / 19 = 1.178947...) and x = 20 (1.2): 2.378947... * 5
        assertThat(Flapping.percentStateChange("BO")).isCloseTo(11.894737, within(1e-6));
        // every result differs from the one before: 20 changes averaging 1.0
        assertThat(Flapping.percentStateChange("BO".repeat(10) + "B")).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void nineAlternatingResultsReachFiftyPercentAndEightDoNot() {
        // x = 12..20: 9 * 0.8 + 0.4 / 19 * (11 + ... + 19 = 135) = 10.042105 -> 50.210526 %
        assertThat(Flapping.percentStateChange("BOBOBOBOB")).isCloseTo(50.210526, within(1e-6));
        // x = 13..20: 8 * 0.8 + 0.4 / 19 * (12 + ... + 19 = 124) = 9.010526 -> 45.052632 %
        assertThat(Flapping.percentStateChange("BOBOBOBO")).isCloseTo(45.052632, within(1e-6));
    }

    @Test
    void flappingStartsAtHighAndStopsOnlyBelowLow() {
        FlapState s = FlapState.fresh("fp");
        for (char r : "BOBOBOBO".toCharArray()) s = NAGIOS.next(s, r == 'B', T);
        assertThat(s.flapping()).as("45 %").isFalse();
        s = NAGIOS.next(s, true, T.plusSeconds(60));
        assertThat(s.flapping()).as("50.2 %").isTrue();
        assertThat(s.since()).isEqualTo(T.plusSeconds(60));
        assertThat(s.phrase()).isEqualTo("flapping: 50% state change");

        // changes at x = 1..6: 6 * 0.8 + 0.4 / 19 * (0 + ... + 5) = 5.115789 -> 25.578947 % (between low and high: still
        // flapping); one more breach leaves x = 1..5: 5 * 0.8 + 0.4 / 19 * 10 = 4.210526 -> 21.052632 %: stops
        FlapState held = new FlapState("fp", "OBOBOBOBBBBBBBBBBBBBB", true, 30.2, T);
        held = NAGIOS.next(held, true, T.plusSeconds(120));
        assertThat(held.results()).hasSize(21);
        assertThat(held.percent()).isCloseTo(25.578947, within(1e-6));
        assertThat(held.flapping()).isTrue();
        assertThat(held.since()).isEqualTo(T);
        held = NAGIOS.next(held, true, T.plusSeconds(180));
        assertThat(held.results()).isEqualTo("OBOBOBBBBBBBBBBBBBBBB");
        assertThat(held.percent()).isCloseTo(21.052632, within(1e-6));
        assertThat(held.flapping()).isFalse();
        assertThat(held.phrase()).isEqualTo("flapping stopped: 21% state change");
    }

    @Test
    void aStateWithoutBreachOrFlappingIsForgotten() {
        assertThat(new FlapState("fp", "OOO", false, 0, null).forgettable()).isTrue();
        assertThat(new FlapState("fp", "OBO", false, 11.9, null).forgettable()).isFalse();
        assertThat(new FlapState("fp", "OOO", true, 30, T).forgettable()).isFalse();
    }
}
