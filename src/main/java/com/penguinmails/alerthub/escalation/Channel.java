package com.penguinmails.alerthub.escalation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a notification can go. */
public enum Channel {
    EMAIL, PAGER, WEBHOOK, POSTHOG;

    public static Channel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown channel '" + text + "' (expected "
                    + Arrays.stream(values()).map(Channel::label).collect(Collectors.joining(", ")) + ")");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
