package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.config.Durations;
import com.penguinmails.alerthub.config.Secrets;
import com.penguinmails.alerthub.threshold.Severity;
import java.util.List;
import java.util.Map;

/**
 * {@code route-test}: who an alert of an incident type and severity reaches, step by step of its escalation policy
 * and channel by channel, with the reason when a channel reaches nobody. Routing keys are masked.
 */
public final class RoutingReport {

    private RoutingReport() {
    }

    /** @param enabled which channels are configured on (pager needs hub.pager.url, PostHog its host and key) */
    public static String describe(ContactMatrix matrix, String incidentId, Severity severity, Map<Channel, Boolean> enabled, boolean globalWebhook) {
        EscalationPolicy policy = EscalationPolicy.of(matrix, incidentId, severity);
        IncidentType incident = matrix.incident(incidentId).orElseThrow();
        boolean working = policy.businessHours().isPresent();
        StringBuilder b = new StringBuilder();
        b.append(incident.id()).append(" (").append(incident.title()).append(") at ").append(severity.label())
                .append(": respond within ").append(incident.respondWithin().toMinutes()).append(" min\n");
        for (EscalationStep step : policy.steps()) {
            b.append("step ").append(step.number())
                    .append(step.after().isZero() ? (working ? " (at once in business hours)" : " (at once)")
                            : " (after " + Durations.words(step.after()) + (working ? " of business hours)" : ")"))
                    .append(": ").append(String.join(", ", step.roles())).append('\n');
            for (Channel channel : step.channels()) {
                b.append("  ").append(channel.label()).append(": ");
                if (!enabled.getOrDefault(channel, false)) {
                    b.append("off (not configured)\n");
                    continue;
                }
                List<String> addresses = step.roles().stream().map(matrix.roles()::get).map(r -> address(r, channel, globalWebhook)).toList();
                b.append(String.join(", ", addresses)).append('\n');
            }
        }
        b.append("then step ").append(policy.steps().size()).append(" again every ").append(Durations.words(policy.repeatEvery()))
                .append(working ? " of business hours" : "").append(" until acknowledged\n");
        return b.toString();
    }

    private static String address(Role role, Channel channel, boolean globalWebhook) {
        String to = switch (channel) {
            case EMAIL -> role.email().orElse(null);
            case PAGER -> role.pagerKey().map(Secrets::mask).orElse(null);
            case WEBHOOK -> role.webhook().orElse(globalWebhook ? "hub.webhook.url" : null);
            case POSTHOG -> "event";
        };
        return role.id() + " -> " + (to == null ? "no address (unset)" : to);
    }
}
