package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.threshold.Severity;
import java.time.Instant;

/**
 * One offending row of one check on one tier, over its life.
 *
 * @param key         the key columns' values ({@code pid=42,backend_start=...}); empty for an unkeyed check
 * @param valueColumn the column that decided the severity; {@code lastValue} its latest value as text
 * @param threshold   the bound it crossed, e.g. {@code > 90}
 * @param rowJson     the whole row as JSON, for the message
 * @param pendingRuns the runs that counted towards its {@code for} while pending ({@link Hold}); {@code pendingCountedAt}
 *                    the last of them
 */
public record Alert(
        long id,
        String fingerprint,
        String check,
        String tier,
        String key,
        String incident,
        AlertState state,
        Severity severity,
        String valueColumn,
        String lastValue,
        String threshold,
        String rowJson,
        Instant firstSeen,
        Instant lastSeen,
        Instant pendingSince,
        Instant firedAt,
        Instant resolvedAt,
        String resolveReason,
        int pendingRuns,
        Instant pendingCountedAt) {

    public Alert withObservation(Severity newSeverity, String column, String value, String bound, String row, Instant at) {
        return new Alert(id, fingerprint, check, tier, key, incident, state, newSeverity, column, value, bound, row,
                firstSeen, at, pendingSince, firedAt, resolvedAt, resolveReason, pendingRuns, pendingCountedAt);
    }

    public Alert fired(Instant at) {
        return new Alert(id, fingerprint, check, tier, key, incident, AlertState.FIRING, severity, valueColumn, lastValue,
                threshold, rowJson, firstSeen, lastSeen, pendingSince, at, null, null, pendingRuns, pendingCountedAt);
    }

    public Alert resolved(Instant at, String reason) {
        return new Alert(id, fingerprint, check, tier, key, incident, AlertState.RESOLVED, severity, valueColumn, lastValue,
                threshold, rowJson, firstSeen, at, pendingSince, firedAt, at, reason, pendingRuns, pendingCountedAt);
    }

    public Alert withLastValue(String value) {
        return new Alert(id, fingerprint, check, tier, key, incident, state, severity, valueColumn, value, threshold, rowJson,
                firstSeen, lastSeen, pendingSince, firedAt, resolvedAt, resolveReason, pendingRuns, pendingCountedAt);
    }

    public Alert withId(long newId) {
        return new Alert(newId, fingerprint, check, tier, key, incident, state, severity, valueColumn, lastValue, threshold, rowJson,
                firstSeen, lastSeen, pendingSince, firedAt, resolvedAt, resolveReason, pendingRuns, pendingCountedAt);
    }

    /** One more run counted towards a pending alert's {@code for}. */
    public Alert counted(Instant at) {
        return new Alert(id, fingerprint, check, tier, key, incident, state, severity, valueColumn, lastValue, threshold, rowJson,
                firstSeen, lastSeen, pendingSince, firedAt, resolvedAt, resolveReason, pendingRuns + 1, at);
    }
}
