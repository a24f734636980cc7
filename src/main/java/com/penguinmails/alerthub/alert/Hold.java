package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a pending alert fires: its breach has held for {@code duration} AND was seen by at least {@code runs}
 * successful runs. Runs closer together than half the expected gap ({@code duration / runs}) count once, so a burst
 * of runs after a pause (Quartz misfires, API calls) is one observation, never the runs the duration asks for.
 *
 * @param runs the threshold's {@code min-runs}, or {@code ceil(for / the check's period)}, at least 2
 */
public record Hold(Duration duration, int runs) {

    /** No {@code for}: a breach fires at once. */
    public static final Hold NONE = new Hold(Duration.ZERO, 1);
    static final int MAX_RUNS = 9999;

    public static Hold of(CheckDefinition check) {
        Optional<Duration> forDuration = check.thresholds().forDuration();
        if (forDuration.isEmpty()) return NONE;
        int runs = check.thresholds().minRuns().orElseGet(() -> derivedRuns(forDuration.get(), check.schedule()));
        return new Hold(forDuration.get(), runs);
    }

    /** {@code ceil(for / period)}, at least 2; a check built by the hub itself (no schedule) needs 2. */
    static int derivedRuns(Duration forDuration, Schedule schedule) {
        if (schedule == null) return 2;
        long period = Math.max(1, schedule.period().toMillis());
        long runs = (forDuration.toMillis() + period - 1) / period;
        return (int) Math.max(2, Math.min(runs, MAX_RUNS));
    }

    public boolean immediate() {
        return duration.isZero();
    }

    /** Whether a run at {@code now} is a new observation, given when the last counted one was. */
    public boolean counts(Instant lastCounted, Instant now) {
        return lastCounted == null || !Duration.between(lastCounted, now).minus(duration.dividedBy(runs).dividedBy(2)).isNegative();
    }

    public boolean held(Instant pendingSince, int countedRuns, Instant now) {
        return countedRuns >= runs && !Duration.between(pendingSince, now).minus(duration).isNegative();
    }

    /** {@code run 3 of 5, 120s of 300s}: how far a pending alert is. */
    public String progress(Instant pendingSince, int countedRuns, Instant now) {
        return "run " + countedRuns + " of " + runs + ", " + Duration.between(pendingSince, now).toSeconds() + "s of " + duration.toSeconds() + "s";
    }

    /** {@code held 300s over 6 runs}: why a pending alert fired. */
    public static String met(Instant pendingSince, int countedRuns, Instant now) {
        return "held " + Duration.between(pendingSince, now).toSeconds() + "s over " + countedRuns + " runs";
    }
}
