package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.GroupLocks;
import com.penguinmails.alerthub.alert.Reconciler;
import com.penguinmails.alerthub.alert.FlapState;
import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.config.Durations;
import com.penguinmails.alerthub.mute.HeldTrigger;
import com.penguinmails.alerthub.mute.MutedGroups;
import com.penguinmails.alerthub.notify.Notifier;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own escalation: on every tick ({@code direct:escalate}, driven by {@code timer:escalation}), each firing
 * group's {@link Timeline} is recomputed from its stored state and every entry that is due and not yet notified is
 * sent, in order, once. Time comes only from the injected clock, so a tick after a restart sends what fell due while
 * the hub was down, each marked late. A muted group ({@link MutedGroups}) does not escalate; when its mute ends, the
 * tick sends its held flapping notices and its held trigger, or continues its escalation counted from then. A held
 * trigger of a group someone acknowledged meanwhile waits for the acknowledgement to expire.
 */
public final class Escalations {

    private static final Logger LOG = LoggerFactory.getLogger(Escalations.class);
    /** An entry sent this much after its deadline or more says so ("late N min"): the hub was down or stalled. */
    static final Duration LATE = Duration.ofMinutes(1);
    private static final int MAX_REPEATS = 100_000;

    private final ContactMatrix matrix;
    private final CheckCatalog checks;
    private final AlertStore store;
    private final Notifier notifier;
    private final Clock clock;
    private final GroupLocks locks;
    private final Duration ackTimeout;
    private final MutedGroups mutes;

    /** @param ackTimeout {@code hub.ack.timeout}: an acknowledgement of a group that still fires after this expires */
    public Escalations(ContactMatrix matrix, CheckCatalog checks, AlertStore store, Notifier notifier, Clock clock, GroupLocks locks,
                       Duration ackTimeout, MutedGroups mutes) {
        this.locks = locks;
        this.matrix = matrix;
        this.checks = checks;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.ackTimeout = ackTimeout;
        this.mutes = mutes;
    }

    /** Sends every due entry of every firing group, and flapping notices a mute held; answers how many notices went out. */
    public int tick() {
        int sent = 0;
        // quiet groups too: an alert flapping in a quiet group may have a held flapping notice
        for (AlertGroup g : store.groups()) {
            try {
                sent += escalate(g.check(), g.tier());
            } catch (RuntimeException e) {
                LOG.error("escalation of {}/{} failed: {}", g.check(), g.tier(), e.toString(), e);
            }
        }
        return sent;
    }

    private int escalate(String check, String tier) {
        // a run's trigger, update or resolve and an acknowledgement of the same group are not interleaved with this;
        // the steps sent and the state that says so commit together
        return locks.with(check, tier, () -> store.inTransaction(() -> escalateLocked(check, tier)));
    }

    private int escalateLocked(String check, String tier) {
        Instant now = clock.instant();
        AlertGroup group = store.group(check, tier).orElse(null);
        if (group == null) return 0;
        String description = checks.find(check).map(CheckDefinition::description).orElse("");
        // first: a flapping stop comes before the trigger it lets through
        List<AlertChange> flaps = mutes.releaseFlapping(group);
        flaps.forEach(flap -> notifier.heldFlapping(group, description, flap));
        int sent = flaps.size();
        if (!group.firing() || group.incident() == null || matrix.incident(group.incident()).isEmpty()) return sent;
        Optional<Acknowledgement> ack = store.acknowledgement(check, tier);
        switch (mutes.pause(group, ack.isPresent())) {
            case MUTED -> {
                return sent;
            }
            case ACKNOWLEDGED -> {
                // taken before anyone was told: nobody hears of it unless the acknowledgement runs out
                if (!ackRanOut(check, tier, ack.get().at(), now, "; nobody had been notified, the trigger goes out now")) return sent;
                releaseTrigger(group, description, now);
                sent++;
            }
            case RELEASE_TRIGGER -> {
                releaseTrigger(group, description, now);
                sent++;
            }
            case RESUME -> store.escalation(check, tier).ifPresent(s -> store.escalation(check, tier, s.resumed(now, group.severity())));
            case NONE -> {
            }
        }
        EscalationState state = store.escalation(check, tier).orElse(null);
        if (state == null) {
            // fired before the hub escalated by itself: step 1 went out at trigger time, the timeline starts now
            state = EscalationState.start(group.severity(), now, true);
            store.escalation(check, tier, state);
        }
        boolean expired = false;
        if (state.acknowledgedAt() != null) {
            if (!ackRanOut(check, tier, state.acknowledgedAt(), now, "")) return sent;
            state = state.acknowledgementExpired(now);
            store.escalation(check, tier, state);
            expired = true;
        }
        // a flapping alert holds its group open without paging; its steps go out (late) if it still fires when it stops
        if (store.flapStates(check, tier).values().stream().anyMatch(FlapState::flapping)) return sent;
        EscalationPolicy policy = EscalationPolicy.of(matrix, group.incident(), state.severity());
        Timeline timeline = state.timeline(policy);
        int stepEntries = timeline.entries(0).size();
        List<TimelineEntry> entries = dueEntries(timeline, state.sent(), now);
        Instant started = state.startedAt();
        Instant first = policy.businessHours().map(c -> c.nextOpening(started)).orElse(started);
        for (int i = 0; i < entries.size(); i++) {
            TimelineEntry entry = entries.get(i);
            int index = state.sent();
            boolean missedRepeat = index >= stepEntries && i + 1 < entries.size();
            if (missedRepeat) {
                // repeats of the last step missed while the hub was down: only the latest goes out
                state = state.skipped();
            } else {
                String phrase = expired && i == 0 ? "acknowledgement expired" : phrase(entry, first, now);
                notifier.escalate(group, description, state, entry, phrase);
                state = state.notified(entry);
                sent++;
            }
            store.escalation(check, tier, state);
        }
        return sent;
    }

    /** The trigger a mute held, sent as a run would have sent it; its escalation starts now. */
    private void releaseTrigger(AlertGroup group, String description, Instant now) {
        notifier.dispatch(HeldTrigger.of(group, description, Reconciler.firing(store.openAlerts(group.check(), group.tier())), now));
    }

    /**
     * Whether the acknowledgement made at {@code acknowledgedAt} ran out ({@code hub.ack.timeout}); if so, the group is
     * unacknowledged and its history says so, followed by {@code then}.
     */
    private boolean ackRanOut(String check, String tier, Instant acknowledgedAt, Instant now, String then) {
        if (now.isBefore(acknowledgedAt.plus(ackTimeout))) return false;
        String ack = store.acknowledgement(check, tier).map(a -> a.describe() + " ").orElse("");
        store.acknowledgementExpired(check, tier, now, "acknowledgement " + ack + "expired: still firing " + Durations.words(ackTimeout)
                + " later" + then);
        return true;
    }

    /** Entries from index {@code sent} on whose time has come, in order. */
    static List<TimelineEntry> dueEntries(Timeline timeline, int sent, Instant now) {
        int repeats = 0;
        List<TimelineEntry> entries = timeline.entries(repeats);
        boolean repeating = timeline.policy().repeatEvery().compareTo(Duration.ZERO) > 0;
        while (repeating && repeats < MAX_REPEATS && (entries.size() <= sent || !entries.get(entries.size() - 1).at().isAfter(now))) {
            repeats = Math.max(8, repeats * 2);
            entries = timeline.entries(repeats);
        }
        return entries.stream().skip(sent).takeWhile(e -> !e.at().isAfter(now)).toList();
    }

    /** {@code unacknowledged 5 min}, {@code unacknowledged 12 min, late 7 min}; a business-hours step 1 only says if late. */
    private static String phrase(TimelineEntry entry, Instant first, Instant now) {
        Duration late = Duration.between(entry.at(), now);
        String lateText = late.compareTo(LATE) >= 0 ? "late " + minutes(late) : "";
        if (entry.step() == 1 && !entry.repeat()) return lateText;
        String unacknowledged = "unacknowledged " + minutes(Duration.between(first, now));
        return lateText.isEmpty() ? unacknowledged : unacknowledged + ", " + lateText;
    }

    private static String minutes(Duration d) {
        return Math.max(0, d.toMinutes()) + " min";
    }
}
