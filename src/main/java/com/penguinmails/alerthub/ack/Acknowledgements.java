package com.penguinmails.alerthub.ack;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.GroupLocks;
import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.notify.Notifier;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Every way of acknowledging (API, email link, PagerDuty webhook) ends here: the group is acknowledged once, recorded in
 * its alerts' history, and the first acknowledgement is told to everyone notified so far.
 */
public final class Acknowledgements {

    /** The acknowledgement in force; {@code now}: this call made it (false: someone had already acknowledged). */
    public record Outcome(Acknowledgement ack, boolean now) {
    }

    private final AlertStore store;
    private final Notifier notifier;
    private final CheckCatalog checks;
    private final Clock clock;
    private final GroupLocks locks;

    public Acknowledgements(AlertStore store, Notifier notifier, CheckCatalog checks, Clock clock, GroupLocks locks) {
        this.locks = locks;
        this.store = store;
        this.notifier = notifier;
        this.checks = checks;
        this.clock = clock;
    }

    /** Empty when the group is not firing (it resolved meanwhile): nothing to acknowledge. */
    public Optional<Outcome> acknowledge(String check, String tier, String by, String comment) {
        // a run's resolve or an escalation step of the same group is not interleaved with this; the acknowledgement and
        // its notices commit together
        return locks.with(check, tier, () -> store.inTransaction(() -> {
            boolean now = store.acknowledge(check, tier, clock.instant(), by, comment);
            Optional<Acknowledgement> ack = store.acknowledgement(check, tier);
            if (now && ack.isPresent()) {
                notifier.acknowledged(check, tier, checks.find(check).map(CheckDefinition::description).orElse(""), ack.get());
            }
            return ack.map(a -> new Outcome(a, now));
        }));
    }
}
