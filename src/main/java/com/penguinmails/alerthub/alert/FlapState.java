package com.penguinmails.alerthub.alert;

import java.time.Instant;
import java.util.Locale;

/**
 * One fingerprint's recent results and whether it is flapping (see {@link Flapping}).
 *
 * @param results oldest first, {@code B} breach (its alert was open after the run) or {@code O} ok
 * @param since   when flapping last started or stopped; null before it ever did
 */
public record FlapState(String fingerprint, String results, boolean flapping, double percent, Instant since) {

    public static FlapState fresh(String fingerprint) {
        return new FlapState(fingerprint, "", false, 0, null);
    }

    /** Nothing to remember: never flapping and no breach in the window, which is what no record means. */
    public boolean forgettable() {
        return !flapping && results.indexOf(Flapping.BREACH) < 0;
    }

    /** {@code flapping: 52% state change} or {@code flapping stopped: 12% state change}, for notices and history. */
    public String phrase() {
        return (flapping ? "flapping: " : "flapping stopped: ") + String.format(Locale.ROOT, "%.0f", percent) + "% state change";
    }
}
