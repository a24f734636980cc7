package com.penguinmails.alerthub.threshold;

/** The outcome of checking a value (or a row) against its thresholds. */
public enum Verdict {
    /** Inside the safe side, and inside the clear bound if there is one. */
    OK,
    /** Not breaching, but not yet inside the clear bound: an open alert stays open (hysteresis band). */
    HOLD,
    /** A severity bound matches. */
    BREACH,
    /** The value is SQL NULL, so there is nothing to judge. */
    NO_DATA,
    /** The value is missing from the result or not a number: the check itself is broken. */
    ERROR
}
