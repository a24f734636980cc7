package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One alert's escalation, as a value: the policy in force, the instant it took over ({@code anchor}: when the alert
 * fired, or when its severity rose) and how many of its steps had been notified by then. Pure: the same value always
 * gives the same entries, so timers can be recomputed after a restart or a severity change.
 */
public record Timeline(EscalationPolicy policy, Instant anchor, int notified) {

    public Timeline {
        if (notified < 0 || notified > policy.steps().size()) {
            throw new IllegalArgumentException("notified " + notified + " is not between 0 and " + policy.steps().size());
        }
    }

    public static Timeline start(EscalationPolicy policy, Instant fired) {
        return new Timeline(policy, fired, 0);
    }

    /** The whole timeline of an alert that fired at {@code fired}, with {@code repeats} repeats of its last step. */
    public static List<TimelineEntry> timeline(ContactMatrix matrix, String incident, Severity severity, Instant fired, int repeats) {
        return start(EscalationPolicy.of(matrix, incident, severity), fired).entries(repeats);
    }

    /**
     * In order: the current step again (after a rise only), each step not yet notified, then {@code repeats} repeats
     * of the last step, each {@code repeatEvery} after the one before.
     */
    public List<TimelineEntry> entries(int repeats) {
        List<EscalationStep> steps = policy.steps();
        // delays are counted from the first notification; after a rise, from the change, as if the current step had just fired
        Duration base = notified == 0 ? Duration.ZERO : steps.get(notified - 1).after();
        List<TimelineEntry> entries = new ArrayList<>();
        if (notified > 0) entries.add(entry(steps.get(notified - 1), Duration.ZERO, true));
        for (EscalationStep step : steps.subList(notified, steps.size())) entries.add(entry(step, step.after().minus(base), false));
        EscalationStep last = steps.get(steps.size() - 1);
        for (int i = 1; i <= repeats; i++) {
            entries.add(entry(last, last.after().minus(base).plus(policy.repeatEvery().multipliedBy(i)), true));
        }
        return entries;
    }

    /** How many steps have been notified by {@code at}. */
    public int notifiedBy(Instant at) {
        return entries(0).stream().filter(e -> !e.at().isAfter(at)).mapToInt(TimelineEntry::step).max().orElse(notified);
    }

    /**
     * The timeline after a severity change at {@code changed} to the policy {@code to} (the same incident at the new
     * severity). A rise continues from the current step with the new delays counted from the change; a fall keeps this
     * timeline, because escalation never steps back nor slows down while nobody has acknowledged.
     */
    public Timeline rebase(EscalationPolicy to, Instant changed) {
        if (!to.incident().equals(policy.incident())) {
            throw new IllegalArgumentException("a severity change keeps the incident: " + policy.incident() + ", not " + to.incident());
        }
        return to.severity().compareTo(policy.severity()) > 0 ? new Timeline(to, changed, notifiedBy(changed)) : this;
    }

    private TimelineEntry entry(EscalationStep step, Duration sinceAnchor, boolean repeat) {
        Instant at = policy.businessHours().map(calendar -> calendar.add(anchor, sinceAnchor)).orElse(anchor.plus(sinceAnchor));
        return new TimelineEntry(at, step.number(), step.roles(), step.channels(), repeat);
    }
}
