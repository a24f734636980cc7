package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.threshold.Severity;
import java.time.Instant;

/**
 * Where a firing group is on its escalation timeline, as stored: enough to recompute the {@link Timeline} after any
 * tick, restart or severity change.
 *
 * @param startedAt      when the timeline started: the trigger (for business-hours severities step 1 is then due at
 *                       the calendar's next opening)
 * @param severity       the severity the timeline runs at: a rise re-selects the policy, a fall keeps this one
 * @param anchor         when the policy in force took over: {@code startedAt}, or the last rise
 * @param base           steps notified when it took over ({@link Timeline#notified()})
 * @param sent           entries of that timeline ({@link Timeline#entries(int)}) already notified, in order
 * @param steps          the highest step notified so far
 * @param acknowledgedAt when someone acknowledged: the group escalates no further until the acknowledgement expires
 */
public record EscalationState(Instant startedAt, Severity severity, Instant anchor, int base, int sent, int steps, Instant acknowledgedAt) {

    /** A timeline starting at {@code at}; {@code step1Sent}: step 1 was notified at once (not waiting for business hours). */
    public static EscalationState start(Severity severity, Instant at, boolean step1Sent) {
        return new EscalationState(at, severity, at, 0, step1Sent ? 1 : 0, step1Sent ? 1 : 0, null);
    }

    public Timeline timeline(EscalationPolicy policy) {
        return new Timeline(policy, anchor, Math.min(base, policy.steps().size()));
    }

    /** One more entry of the timeline notified: {@code entry}. */
    public EscalationState notified(TimelineEntry entry) {
        return new EscalationState(startedAt, severity, anchor, base, sent + 1, Math.max(steps, entry.step()), acknowledgedAt);
    }

    /** The entry was due but superseded (a missed repeat followed by a later one): counted, not sent. */
    public EscalationState skipped() {
        return new EscalationState(startedAt, severity, anchor, base, sent + 1, steps, acknowledgedAt);
    }

    /**
     * The acknowledgement expired at {@code at} with the group still firing: escalation restarts from the current step,
     * which is notified again at once, and the next steps follow with their delays counted from now.
     */
    public EscalationState acknowledgementExpired(Instant at) {
        return new EscalationState(startedAt, severity, at, steps, 0, steps, null);
    }

    /**
     * After a severity change at {@code at} to {@code to}: a rise continues from the current step (the highest notified)
     * with the new policy's delays counted from the change; a fall keeps this state. {@code step1Now}: the change's
     * update was just sent to step 1, so the new timeline's step 1 entry (step 1 again, or step 1 itself) is done.
     */
    public EscalationState severityChanged(Severity to, Instant at, boolean step1Now) {
        if (to.compareTo(severity) <= 0) return step1Now && steps == 0 ? new EscalationState(startedAt, severity, anchor, base, sent, 1, acknowledgedAt) : this;
        int current = step1Now ? Math.max(steps, 1) : steps;
        int done = current <= 1 && step1Now ? 1 : 0;
        return new EscalationState(startedAt, to, at, steps, done, current, acknowledgedAt);
    }

    /**
     * After a mute ended at {@code at}: the escalation continues from the current step, the next one due its usual delay
     * after {@code at} (the current step is not sent again); a severity that rose meanwhile ({@code now}) takes over.
     */
    public EscalationState resumed(Instant at, Severity now) {
        Severity s = now != null && now.compareTo(severity) > 0 ? now : severity;
        return new EscalationState(startedAt, s, at, steps, steps > 0 ? 1 : 0, steps, acknowledgedAt);
    }
}
