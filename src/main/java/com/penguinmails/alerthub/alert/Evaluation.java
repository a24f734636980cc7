package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.check.CheckRun;
import java.util.List;

/**
 * The outcome of reconciling one run: what changed, the group before and after, and what people must be told.
 *
 * @param firing the group's firing alerts after the run, worst first
 */
public record Evaluation(CheckRun run, List<AlertChange> changes, AlertGroup before, AlertGroup after, List<Alert> firing, Notice notice) {

    /** What the group's recipients hear about this run. */
    public enum Notice { NONE, TRIGGER, UPDATE, RESOLVE,
        /** A step of the escalation timeline, sent by the hub's own timer rather than by a run. */
        ESCALATE,
        /** Someone acknowledged the group: everyone told so far hears who, and PagerDuty acknowledges. */
        ACKNOWLEDGE,
        /** An alert started or stopped flapping: one notice each, no trigger or resolve in between. */
        FLAPPING_STARTED, FLAPPING_STOPPED }

    public List<AlertChange> changes(AlertChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }
}
