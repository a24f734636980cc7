package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.escalation.Role;
import com.penguinmails.alerthub.threshold.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/** Every incident type at every severity must reach somebody: an enabled channel with an address in step 1. */
final class MatrixCoverage {

    private MatrixCoverage() {
    }

    /** @param firstStepLine the line of an incident's first escalation step in the matrix file */
    static List<ConfigProblem> problems(HubSettings settings, ContactMatrix matrix, ToIntFunction<String> firstStepLine) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (IncidentType incident : matrix.incidents().values()) {
            if (incident.escalation().isEmpty()) continue;
            List<Role> roles = incident.escalation().get(0).roles().stream().map(matrix.roles()::get).filter(Objects::nonNull).toList();
            for (Severity severity : Severity.values()) {
                boolean reached = matrix.channelsFor(severity).stream().anyMatch(c -> enabled(settings, c)
                        && roles.stream().anyMatch(r -> r.reachableBy(c, settings.webhookEnabled())));
                if (!reached) {
                    problems.add(new ConfigProblem(settings.matrixFile(), firstStepLine.applyAsInt(incident.id()), "incident '" + incident.id() + "' at severity " + severity.label()
                            + " reaches nobody: channels " + matrix.channelsFor(severity).stream().map(Channel::label).toList()
                            + " are off or step 1's roles " + incident.escalation().get(0).roles() + " have no address for them"));
                }
            }
        }
        return problems;
    }

    private static boolean enabled(HubSettings settings, Channel channel) {
        return switch (channel) {
            case EMAIL -> !settings.smtp().host().isBlank();
            case PAGER -> settings.pagerEnabled();
            case WEBHOOK -> true;
            case POSTHOG -> settings.posthogEnabled();
        };
    }
}
