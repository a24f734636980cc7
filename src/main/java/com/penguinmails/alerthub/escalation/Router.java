package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.threshold.Severity;
import java.util.List;

/**
 * Decides who is notified as soon as an alert fires: step 1 of its escalation policy, on every channel of its
 * severity. Until the escalation timers deliver the {@link Timeline} (whose step 1 may wait for business hours or
 * narrow the channels, e.g. low by email only), this is what is sent at once.
 */
public final class Router {

    private final ContactMatrix matrix;

    public Router(ContactMatrix matrix) {
        this.matrix = matrix;
    }

    public Recipients firstStep(String incident, Severity severity) {
        List<Role> roles = EscalationPolicy.of(matrix, incident, severity).steps().get(0).roles().stream().map(matrix.roles()::get).toList();
        return new Recipients(roles, matrix.channelsFor(severity));
    }

    public ContactMatrix matrix() {
        return matrix;
    }
}
