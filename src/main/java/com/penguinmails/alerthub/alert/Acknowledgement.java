package com.penguinmails.alerthub.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * Someone took a firing group: its escalation stops until the group resolves or the acknowledgement expires.
 *
 * @param by            who, as shown to people: an API token's name, {@code <address> (email link)}, {@code <agent> (PagerDuty)}
 * @param comment       optional, may be null
 * @param firstNotified when the group's first notification went out: time-to-acknowledge counts from there
 */
public record Acknowledgement(Instant at, String by, String comment, Instant firstNotified) {

    public Duration timeToAck() {
        Duration d = Duration.between(firstNotified, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** {@code by alice: on it}: how history and messages name it. */
    public String describe() {
        return "by " + by + (comment == null || comment.isBlank() ? "" : ": " + comment);
    }
}
