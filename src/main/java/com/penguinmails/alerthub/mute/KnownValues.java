package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.threshold.Severity;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
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
            String plural = label == Label.SEVERITY ? "severities" : label.label() + "s";
            throw new IllegalArgumentException("unknown " + label.label() + " '" + value + "' (" + plural + ": " + String.join(", ", values) + ")");
        }
        return value;
    }

    private Set<String> of(Label label) {
        return switch (label) {
            case TIER -> tiers;
            case CHECK -> checks;
            case INCIDENT -> incidents;
            // worst first, as people list them
            case SEVERITY -> new LinkedHashSet<>(Arrays.stream(Severity.values()).sorted(Comparator.reverseOrder()).map(Severity::label).toList());
        };
    }
}
