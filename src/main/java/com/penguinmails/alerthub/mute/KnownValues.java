package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.threshold.Severity;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values each label can have in this configuration, so that a matcher naming a tier, check or incident type
 * that does not exist is refused rather than silently matching nothing.
 */
public record KnownValues(Set<String> tiers, Set<String> checks, Set<String> incidents) {

    public KnownValues {
        tiers = new TreeSet<>(tiers);
        checks = new TreeSet<>(checks);
        incidents = new TreeSet<>(incidents);
    }

    /**
     * The value, if the label can have it here.
     *
     * @throws IllegalArgumentException {@code unknown tier 'warehouse' (tiers: content, olap, oltp, queue)}
     */
    public String check(Label label, String value) {
        Set<String> values = of(label);
        if (!values.contains(value)) {
            throw new IllegalArgumentException("unknown " + label.label() + " '" + value + "' (" + label.label() + "s: " + String.join(", ", values) + ")");
        }
        return value;
    }

    private Set<String> of(Label label) {
        return switch (label) {
            case TIER -> tiers;
            case CHECK -> checks;
            case INCIDENT -> incidents;
            case SEVERITY -> new TreeSet<>(Arrays.stream(Severity.values()).map(Severity::label).toList());
        };
    }
}
