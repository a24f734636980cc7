package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is called, in which order, how fast, for an incident type at a severity: the incident's own steps, then the
 * general chain; the timing and channels of the severity.
 *
 * @param businessHours the calendar whose working time the delays count, for business-hours severities
 */
public record EscalationPolicy(String incident, Severity severity, List<EscalationStep> steps, Duration repeatEvery,
        Optional<BusinessHours> businessHours) {

    public static EscalationPolicy of(ContactMatrix matrix, String incident, Severity severity) {
        IncidentType type = matrix.incident(incident).orElseThrow(() -> new IllegalArgumentException(
                "unknown incident type '" + incident + "' (known: " + String.join(", ", matrix.incidents().keySet()) + ")"));
        SeverityTiming timing = matrix.severities().get(severity);
        List<List<String>> roles = stepRoles(type.escalation(), matrix.chain());
        List<EscalationStep> steps = new ArrayList<>();
        for (int number = 1; number <= roles.size(); number++) {
            List<Channel> channels = number == 1 ? timing.step1Channels().orElse(matrix.channelsFor(severity)) : matrix.channelsFor(severity);
            steps.add(new EscalationStep(number, roles.get(number - 1), channels, timing.after(number)));
        }
        return new EscalationPolicy(incident, severity, List.copyOf(steps), timing.repeatEvery(),
                timing.businessHours() ? Optional.of(matrix.businessHours()) : Optional.empty());
    }

    /**
     * The incident's own steps, then one step per chain role after the last of the incident's roles that is in the
     * chain (the whole chain if none is: Security Team -> Legal still reaches the CTO), skipping roles already called.
     */
    private static List<List<String>> stepRoles(List<List<String>> path, List<String> chain) {
        List<String> called = path.stream().flatMap(List::stream).toList();
        int from = 0;
        for (String role : called) {
            if (chain.contains(role)) from = chain.indexOf(role) + 1;
        }
        List<List<String>> steps = new ArrayList<>(path);
        chain.subList(from, chain.size()).stream().filter(role -> !called.contains(role)).forEach(role -> steps.add(List.of(role)));
        return steps;
    }
}
