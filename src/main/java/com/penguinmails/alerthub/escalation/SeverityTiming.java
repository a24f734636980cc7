package com.penguinmails.alerthub.escalation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How fast a severity escalates, counted from the first notification ({@code severities} in the matrix).
 *
 * @param stepsAtOnce   steps notified together at the first notification (critical: 2, the runbook's "escalate: immediate")
 * @param respondWithin the next step fires unless someone acknowledged within this
 * @param escalateEvery each further step this much later
 * @param repeatEvery   after the last step, it is notified again this often until acknowledged
 * @param businessHours delays count working time of the matrix's calendar only, and step 1 waits for it to open
 * @param step1Channels step 1's channels when they differ from the severity's (low: email only)
 */
public record SeverityTiming(int stepsAtOnce, Duration respondWithin, Duration escalateEvery, Duration repeatEvery,
        boolean businessHours, Optional<List<Channel>> step1Channels) {

    /** When step {@code number} (1-based) fires, after the first notification. */
    public Duration after(int number) {
        if (number <= stepsAtOnce) return Duration.ZERO;
        return respondWithin.plus(escalateEvery.multipliedBy(number - stepsAtOnce - 1L));
    }
}
