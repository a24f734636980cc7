package com.penguinmails.alerthub.alert;

/**
 * What one run did to one alert. {@code UPDATED} means new values only, which is recorded but not notified. The check
 * failing and recovering, and flapping starting and stopping, are recorded on the alerts they concern.
 */
public record AlertChange(Alert alert, Kind kind, String detail) {

    public enum Kind { PENDING, FIRED, RAISED, LOWERED, UPDATED, RESOLVED, DROPPED, ACKNOWLEDGED,
        /** The acknowledgement ran out while the group still fired ({@code hub.ack.timeout}): escalation restarts. */
        ACK_EXPIRED,
        CHECK_FAILED, CHECK_RECOVERED, FLAPPING_STARTED, FLAPPING_STOPPED }

    /** Whether people hear about it: pending and value-only updates are quiet; a pending alert that goes away too. */
    public boolean notifiable() {
        return kind == Kind.FIRED || kind == Kind.RAISED || kind == Kind.LOWERED || kind == Kind.RESOLVED;
    }
}
