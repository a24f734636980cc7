package com.penguinmails.alerthub.ack;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.GroupLocks;
import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.mute.MutedGroups;
import com.penguinmails.alerthub.notify.Notifier;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Every way of acknowledging (API, email link, PagerDuty webhook) ends here: the group is acknowledged once, recorded in
 * its alerts' history, and the first acknowledgement is told to everyone notified so far. A group whose trigger a mute
 * held has had nobody notified: its acknowledgement is recorded as such and told to nobody, and the trigger stays held
 * until the acknowledgement expires ({@link MutedGroups.Pause#ACKNOWLEDGED}).
 */
public final class Acknowledgements {

    /**
     * The acknowledgement in force; {@code now}: this call made it (false: someone had already acknowledged);
     * {@code heldBy}: why nobody has been notified of the group (the mute that held its trigger), null when people were.
     */
    public record Outcome(Acknowledgement ack, boolean now, String heldBy) {

        /** What every way of acknowledging answers about who knows: {@code notified}, and {@code heldBy} when nobody does. */
        public void describeNotified(Map<String, Object> answer) {
            answer.put("notified", heldBy == null);
            if (heldBy != null) answer.put("heldBy", heldBy);
        }
    }

    private final AlertStore store;
    private final Notifier notifier;
    private final CheckCatalog checks;
    private final Clock clock;
    private final GroupLocks locks;
    private final MutedGroups mutes;

    public Acknowledgements(AlertStore store, Notifier notifier, CheckCatalog checks, Clock clock, GroupLocks locks, MutedGroups mutes) {
        this.locks = locks;
        this.store = store;
        this.notifier = notifier;
        this.checks = checks;
        this.clock = clock;
        this.mutes = mutes;
    }

    /** Empty when the group is not firing (it resolved meanwhile): nothing to acknowledge. */
    public Optional<Outcome> acknowledge(String check, String tier, String by, String comment) {
        // a run's resolve or an escalation step of the same group is not interleaved with this; the acknowledgement and
        // its notices commit together
        return locks.with(check, tier, () -> store.inTransaction(() -> {
            Optional<String> held = mutes.heldTrigger(check, tier);
            boolean now = store.acknowledge(check, tier, clock.instant(), by, comment,
                    held.map(why -> "nobody had been notified: " + why + " held the trigger").orElse(null));
            Optional<Acknowledgement> ack = store.acknowledgement(check, tier);
            // nobody was told of a held trigger, so nobody hears who took it
            if (now && ack.isPresent() && held.isEmpty()) {
                notifier.acknowledged(check, tier, checks.find(check).map(CheckDefinition::description).orElse(""), ack.get());
            }
            return ack.map(a -> new Outcome(a, now, held.orElse(null)));
        }));
    }
}
