package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.escalation.EscalationPolicy;
import com.penguinmails.alerthub.escalation.EscalationStep;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.escalation.Role;
import com.penguinmails.alerthub.threshold.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * Every incident type at every severity must reach somebody in step 1: an enabled channel with an address, both on
 * the severity's channels (what is sent at once today, see {@code Router}) and on step 1's own channels where the
 * severity narrows them (the escalation timeline). One problem per incident and severity.
 */
final class MatrixCoverage {

    private MatrixCoverage() {
    }

    /** @param firstStepLine the line of an incident's first escalation step in the matrix file */
    static List<ConfigProblem> problems(HubSettings settings, ContactMatrix matrix, ToIntFunction<String> firstStepLine) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (IncidentType incident : matrix.incidents().values()) {
            for (Severity severity : Severity.values()) {
                EscalationStep first = EscalationPolicy.of(matrix, incident.id(), severity).steps().get(0);
                List<Role> roles = first.roles().stream().map(matrix.roles()::get).filter(Objects::nonNull).toList();
                Stream.of(matrix.channelsFor(severity), first.channels()).distinct()
                        .filter(channels -> channels.stream().noneMatch(c -> enabled(settings, c)
                                && roles.stream().anyMatch(r -> r.reachableBy(c, settings.webhookEnabled()))))
                        .findFirst().ifPresent(channels -> problems.add(new ConfigProblem(settings.matrixFile(),
                                firstStepLine.applyAsInt(incident.id()), "incident '" + incident.id() + "' at severity " + severity.label()
                                + " reaches nobody: channels " + channels.stream().map(Channel::label).toList()
                                + " are off or step 1's roles " + first.roles() + " have no address for them")));
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
