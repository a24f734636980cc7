package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.alert.AlertGroup;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What silences, maintenance windows and inhibition rules can match on: the labels of a notification group. */
public enum Label {
    TIER, CHECK, INCIDENT, SEVERITY;

    /** The labels as a person would list them, for error messages. */
    public static final String NAMES = Arrays.stream(values()).map(Label::label).collect(Collectors.joining(", "));

    public static Optional<Label> find(String name) {
        return Arrays.stream(values()).filter(l -> l.label().equals(name)).findFirst();
    }

    public static Label parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown label '" + name + "' (labels: " + NAMES + ")"));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The group's value of this label; a group's severity is its worst firing alert's. */
    public String of(AlertGroup group) {
        return switch (this) {
            case TIER -> group.tier();
            case CHECK -> group.check();
            case INCIDENT -> group.incident() == null ? "" : group.incident();
            case SEVERITY -> group.severity() == null ? "" : group.severity().label();
        };
    }
}
