package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.threshold.Severity;
import java.time.Instant;
import java.util.List;

/**
 * The notification unit: all alerts of one check on one tier. It fires when any of its alerts fires and resolves
 * when none does. It remembers who was told, so the resolve reaches exactly them.
 *
 * @param stale       the last run failed: what the group shows may be out of date
 * @param emailMessageId the Message-ID of the trigger email, so the resolve can reply to it
 * @param failedSince the first failed run of the current "check failed" state (its error is {@code lastError}); null
 *                    while runs succeed
 */
public record AlertGroup(
        String check,
        String tier,
        boolean firing,
        Severity severity,
        String incident,
        String dedupKey,
        Instant openedAt,
        Instant resolvedAt,
        String emailMessageId,
        List<String> notifiedEmails,
        List<String> notifiedPagerKeys,
        List<String> notifiedChannels,
        boolean stale,
        Instant lastRunAt,
        String lastError,
        Instant failedSince) {

    public static AlertGroup quiet(String check, String tier) {
        return new AlertGroup(check, tier, false, null, null, Fingerprint.group(check, tier), null, null, null,
                List.of(), List.of(), List.of(), false, null, null, null);
    }

    /** A run ended: a success ends the "check failed" state; a failure only marks the group stale. */
    public AlertGroup ran(Instant at, String error) {
        return new AlertGroup(check, tier, firing, severity, incident, dedupKey, openedAt, resolvedAt, emailMessageId,
                notifiedEmails, notifiedPagerKeys, notifiedChannels, error != null, at, error, error == null ? null : failedSince);
    }

    /** A run failed: the group is in the "check failed" state, since its first failed run. */
    public AlertGroup checkFailed(Instant at, String error) {
        return new AlertGroup(check, tier, firing, severity, incident, dedupKey, openedAt, resolvedAt, emailMessageId,
                notifiedEmails, notifiedPagerKeys, notifiedChannels, true, at, error, failedSince == null ? at : failedSince);
    }

    public boolean checkFailed() {
        return failedSince != null;
    }

    public AlertGroup opened(Severity s, String incidentType, Instant at) {
        return new AlertGroup(check, tier, true, s, incidentType, dedupKey, at, null, null, List.of(), List.of(), List.of(),
                stale, lastRunAt, lastError, failedSince);
    }

    public AlertGroup withSeverity(Severity s) {
        return new AlertGroup(check, tier, firing, s, incident, dedupKey, openedAt, resolvedAt, emailMessageId,
                notifiedEmails, notifiedPagerKeys, notifiedChannels, stale, lastRunAt, lastError, failedSince);
    }

    /** The group with these labels (mute/Label): how a quiet group is matched for a notice about one of its alerts. */
    public AlertGroup labelled(String incidentType, Severity s) {
        return new AlertGroup(check, tier, firing, s, incidentType, dedupKey, openedAt, resolvedAt, emailMessageId,
                notifiedEmails, notifiedPagerKeys, notifiedChannels, stale, lastRunAt, lastError, failedSince);
    }

    public AlertGroup closed(Instant at) {
        return new AlertGroup(check, tier, false, severity, incident, dedupKey, openedAt, at, emailMessageId,
                notifiedEmails, notifiedPagerKeys, notifiedChannels, stale, lastRunAt, lastError, failedSince);
    }

    public AlertGroup notified(List<String> emails, List<String> pagerKeys, List<String> channels) {
        return new AlertGroup(check, tier, firing, severity, incident, dedupKey, openedAt, resolvedAt, emailMessageId,
                union(notifiedEmails, emails), union(notifiedPagerKeys, pagerKeys), union(notifiedChannels, channels),
                stale, lastRunAt, lastError, failedSince);
    }

    private static List<String> union(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }
}
