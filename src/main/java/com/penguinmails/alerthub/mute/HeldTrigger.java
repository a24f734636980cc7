package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.threshold.Thresholds;
import java.time.Instant;
import java.util.List;

/**
 * The trigger a mute held back, sent when the mute ends: the group as it is then, every firing alert as fired, in
 * the shape the Notifier takes from a run. Not a run: no health sample goes out for it.
 */
public final class HeldTrigger {

    private HeldTrigger() {
    }

    public static Evaluation of(AlertGroup group, String description, List<Alert> firing, Instant at) {
        CheckDefinition check = new CheckDefinition(group.check(), List.of(group.tier()), "", Thresholds.none(), group.incident(),
                List.of(), null, CheckDefinition.NoRows.OK, description, "held by a mute");
        CheckRun run = new CheckRun(check, group.tier(), at, false, "mute ended");
        List<AlertChange> changes = firing.stream().map(a -> new AlertChange(a, AlertChange.Kind.FIRED, "mute ended")).toList();
        return new Evaluation(run, changes, AlertGroup.quiet(group.check(), group.tier()), group, firing, Evaluation.Notice.TRIGGER);
    }
}
