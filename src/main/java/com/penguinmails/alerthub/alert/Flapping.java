package com.penguinmails.alerthub.alert;

import java.time.Instant;

/**
 * Flap detection as Nagios does it: the last {@value #WINDOW} results of an alert's fingerprint (breach or ok, from
 * successful runs), the state changes between them weighted linearly from {@value #OLDEST_WEIGHT} (oldest) to
 * {@value #NEWEST_WEIGHT} (newest), as a percentage of the {@code WINDOW - 1} possible changes. Flapping starts at
 * {@code high} percent or more and stops below {@code low}.
 *
 * @param enabled {@code hub.flapping.enabled}; off, alerts fire and resolve on every change
 */
public record Flapping(boolean enabled, double high, double low) {

    public static final int WINDOW = 21;
    static final double OLDEST_WEIGHT = 0.8;
    static final double NEWEST_WEIGHT = 1.2;
    static final char BREACH = 'B';
    static final char OK = 'O';

    /**
     * The weighted percent state change of {@code results} (oldest first, {@code B} breach / {@code O} ok, at most
     * {@value #WINDOW}). Results older than the first one count as ok: a fingerprint the hub has no record of was healthy.
     */
    public static double percentStateChange(String results) {
        if (results.length() > WINDOW) throw new IllegalArgumentException("at most " + WINDOW + " results: " + results);
        String window = String.valueOf(OK).repeat(WINDOW - results.length()) + results;
        double changes = 0;
        for (int x = 1; x < WINDOW; x++) {
            if (window.charAt(x) != window.charAt(x - 1)) changes += OLDEST_WEIGHT + (x - 1) * (NEWEST_WEIGHT - OLDEST_WEIGHT) / (WINDOW - 2);
        }
        return changes * 100 / (WINDOW - 1);
    }

    /** The fingerprint's state after one more result; a start or stop changes {@code since}. */
    public FlapState next(FlapState before, boolean breach, Instant at) {
        String results = before.results() + (breach ? BREACH : OK);
        results = results.substring(Math.max(0, results.length() - WINDOW));
        double percent = percentStateChange(results);
        boolean flapping = before.flapping() ? percent >= low : percent >= high;
        return new FlapState(before.fingerprint(), results, flapping, percent, flapping != before.flapping() ? at : before.since());
    }
}
