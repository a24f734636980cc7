package com.penguinmails.alerthub.inhibit;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.mute.Label;
import com.penguinmails.alerthub.mute.Matcher;
import java.util.List;

/**
 * Like an Alertmanager {@code inhibit_rule}: while a group matching {@code source} fires, groups matching
 * {@code target} that have the same values of the {@code equal} labels are muted. A group never inhibits itself.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<Label> equal) {

    /** Whether the firing group {@code source} mutes {@code target} under this rule. */
    public boolean inhibits(AlertGroup source, AlertGroup target) {
        boolean same = source.check().equals(target.check()) && source.tier().equals(target.tier());
        return !same && source.firing() && all(this.source, source) && all(this.target, target)
                && equal.stream().allMatch(l -> l.of(source).equals(l.of(target)));
    }

    boolean targets(AlertGroup group) {
        return all(target, group);
    }

    private static boolean all(List<Matcher> matchers, AlertGroup group) {
        return matchers.stream().allMatch(m -> m.matches(group));
    }
}
