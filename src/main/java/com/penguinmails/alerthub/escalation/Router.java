package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.threshold.Severity;
import java.util.List;

/**
 * Decides who is notified first: the roles of the incident's first escalation step, on the channels its severity
 * uses. Later steps are the escalation timers' job.
 */
public final class Router {

    private final ContactMatrix matrix;

    public Router(ContactMatrix matrix) {
        this.matrix = matrix;
    }

    public Recipients firstStep(String incident, Severity severity) {
        IncidentType type = matrix.incident(incident)
                .orElseThrow(() -> new IllegalArgumentException("unknown incident type '" + incident + "'"));
        List<Role> roles = type.escalation().get(0).roles().stream().map(matrix.roles()::get).toList();
        return new Recipients(roles, matrix.channelsFor(severity));
    }

    public ContactMatrix matrix() {
        return matrix;
    }
}
