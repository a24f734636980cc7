package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.AlertState;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.alert.FlapState;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Notifier and the escalation tick ask before anyone hears about a group: silences, maintenance windows and
 * inhibition rules, in that order (the first that mutes says why). A muted group is still reconciled and recorded,
 * with why on its alerts' history; nobody is notified (flapping notices included) and its escalation waits. The tick
 * notices when the mute ends: a trigger that was held goes out then, or an escalation that was paused continues, counted
 * from then; a held flapping notice tells the alert's flapping as it is then, once.
 */
public final class MutedGroups implements Muting {

    private static final Logger LOG = LoggerFactory.getLogger(MutedGroups.class);

    /** What the escalation tick does with a firing group. */
    public enum Pause {
        /** not muted, and was not: escalate as usual */
        NONE,
        /** muted now: no escalation */
        MUTED,
        /**
         * the mute ended on a group whose trigger it held, and someone acknowledged the group meanwhile: the trigger stays
         * held and nothing escalates until the acknowledgement expires
         */
        ACKNOWLEDGED,
        /** the mute just ended and the trigger was never sent: send it now, its escalation starts now */
        RELEASE_TRIGGER,
        /** the mute just ended on a group notified before it: its escalation continues, its delays counted from now */
        RESUME
    }

    /** Why a trigger is still held after its mute ended: someone took the group before anyone was told. */
    private static final String TAKEN_UNTOLD = "acknowledged before anyone was notified";

    private final List<Muting> mutings;
    private final MuteStore store;
    private final AlertStore alerts;
    private final Clock clock;

    public MutedGroups(List<Muting> mutings, DataSource dataSource, AlertStore alerts, Clock clock) {
        this.mutings = List.copyOf(mutings);
        this.store = new MuteStore(dataSource);
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public Optional<Mute> mutedBy(AlertGroup group, Instant now) {
        return mutings.stream().map(m -> m.mutedBy(group, now)).flatMap(Optional::stream).findFirst();
    }

    /**
     * Asked by the Notifier before a run's notice goes out: true when it must not. A muted trigger is held until the
     * tick sees the mute end (until then the group's updates are held too). A resolve is never held: it goes to whoever
     * was notified, which is nobody when the trigger was held.
     */
    public boolean holds(AlertGroup group, Evaluation.Notice notice, List<AlertChange> changes) {
        // a resolve ends the group's mute; a trigger starts a new firing that owes nothing to an earlier one
        if (notice == Evaluation.Notice.RESOLVE || notice == Evaluation.Notice.TRIGGER) store.forget(group.check(), group.tier());
        if (notice == Evaluation.Notice.RESOLVE) return false;
        boolean triggerHeld = notice == Evaluation.Notice.TRIGGER
                || store.find(group.check(), group.tier()).map(MuteStore.MutedGroup::triggerHeld).orElse(false);
        Optional<Mute> mute = mutedBy(group, clock.instant());
        if (mute.isEmpty()) return notice != Evaluation.Notice.TRIGGER && triggerHeld;
        List<Long> concerned = changes.stream().filter(c -> c.notifiable() && c.alert().state() == AlertState.FIRING)
                .map(c -> c.alert().id()).toList();
        store.mute(group, mute.get().why(), triggerHeld, clock.instant(), concerned);
        LOG.info("{}/{}: {} not sent, {}", group.check(), group.tier(), notice.name().toLowerCase(), mute.get().why());
        return true;
    }

    /** Why the group's trigger is held now (nobody was told it fires), if it is. */
    public Optional<String> heldTrigger(String check, String tier) {
        return store.find(check, tier).filter(MuteStore.MutedGroup::triggerHeld).map(MuteStore.MutedGroup::why);
    }

    /**
     * Asked by the escalation tick for each firing group; notes on the alerts' history when a mute starts or ends.
     *
     * @param acknowledged someone acknowledged the group (a held trigger then stays held: {@link Pause#ACKNOWLEDGED})
     */
    public Pause pause(AlertGroup group, boolean acknowledged) {
        Instant now = clock.instant();
        Optional<MuteStore.MutedGroup> muted = store.find(group.check(), group.tier());
        Optional<Mute> mute = mutedBy(group, now);
        if (mute.isPresent()) {
            String why = mute.get().why();
            if (muted.map(m -> !m.why().equals(why)).orElse(true)) {
                store.mute(group, why, muted.map(MuteStore.MutedGroup::triggerHeld).orElse(false), now, store.firingAlerts(group));
                LOG.info("{}/{}: escalation paused, {}", group.check(), group.tier(), why);
            }
            return Pause.MUTED;
        }
        if (muted.isEmpty()) return Pause.NONE;
        boolean held = muted.get().triggerHeld();
        if (held && acknowledged) {
            if (!muted.get().why().equals(TAKEN_UNTOLD)) {
                String detail = "no longer " + muted.get().why() + ": " + TAKEN_UNTOLD + ", the trigger goes out only if the"
                        + " acknowledgement expires";
                store.hold(group, TAKEN_UNTOLD, detail, now);
                LOG.info("{}/{}: {}", group.check(), group.tier(), detail);
            }
            return Pause.ACKNOWLEDGED;
        }
        String detail = "no longer " + muted.get().why() + (held ? ": the trigger goes out now" : ": escalation resumes");
        store.unmute(group, detail, now);
        LOG.info("{}/{}: {}", group.check(), group.tier(), detail);
        return held ? Pause.RELEASE_TRIGGER : Pause.RESUME;
    }

    /**
     * Asked by the Notifier before a flapping notice goes out: true when it must not. A muted group's notice is held,
     * with why on the alert's history; so is one that comes after its mute ended but before the tick told the held one.
     */
    public boolean holdsFlapping(AlertGroup group, AlertChange flap) {
        Instant now = clock.instant();
        String fingerprint = flap.alert().fingerprint();
        Optional<String> why = mutedBy(labels(group, flap.alert()), now).map(Mute::why).or(() -> store.heldFlap(fingerprint));
        if (why.isEmpty()) return false;
        store.holdFlap(group.check(), group.tier(), fingerprint, why.get(), now, flap.alert().id());
        LOG.info("{}/{}: {} not sent, {}", group.check(), group.tier(), flap.kind().name().toLowerCase(), why.get());
        return true;
    }

    /**
     * Asked by the escalation tick for every group: the flapping notices held back whose mute has ended, each as the
     * fingerprint's flapping is now (started or stopped), for the tick to send. People hear once what changed while
     * they were not told; a start and a stop both held cancelled each other already.
     */
    public List<AlertChange> releaseFlapping(AlertGroup group) {
        List<MuteStore.HeldFlap> held = store.heldFlaps(group.check(), group.tier());
        if (held.isEmpty()) return List.of();
        Instant now = clock.instant();
        Map<String, FlapState> states = alerts.flapStates(group.check(), group.tier());
        List<AlertChange> released = new ArrayList<>();
        for (MuteStore.HeldFlap flap : held) {
            Optional<Alert> alert = alerts.latest(flap.fingerprint());
            if (alert.isEmpty()) {
                // purged with its history (hub.store.retention): nothing left to tell
                store.forgetFlap(flap.fingerprint());
                continue;
            }
            if (mutedBy(labels(group, alert.get()), now).isPresent()) continue;
            FlapState state = states.getOrDefault(flap.fingerprint(), FlapState.fresh(flap.fingerprint()));
            store.releaseFlap(flap.fingerprint(), "no longer " + flap.why() + ": the flapping notice goes out now", now, alert.get().id());
            released.add(new AlertChange(alert.get(), state.flapping() ? AlertChange.Kind.FLAPPING_STARTED : AlertChange.Kind.FLAPPING_STOPPED,
                    state.phrase()));
        }
        return released;
    }

    /** A flapping notice's labels: its group's while it fires, else (it may never have fired) its alert's incident and severity. */
    private static AlertGroup labels(AlertGroup group, Alert alert) {
        return group.firing() ? group : group.labelled(alert.incident(), alert.severity());
    }
}
