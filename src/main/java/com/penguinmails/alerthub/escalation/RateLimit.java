package com.penguinmails.alerthub.escalation;

import java.time.Duration;

/** At most {@code max} notices to one role in a window of {@code per}; the rest wait for one summary at its end. */
public record RateLimit(int max, Duration per) {
}
