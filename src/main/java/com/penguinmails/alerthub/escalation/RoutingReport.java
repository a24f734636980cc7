package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.config.Secrets;
import com.penguinmails.alerthub.threshold.Severity;
import java.util.List;
import java.util.Map;

/**
 * {@code route-test}: who an alert of an incident type and severity reaches, step by step and channel by channel,
 * with the reason when a channel reaches nobody. Routing keys are masked.
 */
public final class RoutingReport {

    private RoutingReport() {
    }

    /** @param enabled which channels are configured on (pager needs hub.pager.url, PostHog its host and key) */
    public static String describe(ContactMatrix matrix, String incidentId, Severity severity, Map<Channel, Boolean> enabled, boolean globalWebhook) {
        IncidentType incident = matrix.incident(incidentId).orElseThrow(() -> new IllegalArgumentException(
                "unknown incident type '" + incidentId + "' (known: " + String.join(", ", matrix.incidents().keySet()) + ")"));
        StringBuilder b = new StringBuilder();
        b.append(incident.id()).append(" (").append(incident.title()).append(") at ").append(severity.label())
                .append(": respond within ").append(incident.respondWithin().toMinutes()).append(" min\n");
        List<Channel> channels = matrix.channelsFor(severity);
        int number = 1;
        for (EscalationStep step : incident.escalation()) {
            b.append("step ").append(number++).append(step.after().isZero() ? " (at once)" : " (after " + step.after().toMinutes() + " min)")
                    .append(": ").append(String.join(", ", step.roles())).append('\n');
            for (Channel channel : channels) {
                b.append("  ").append(channel.label()).append(": ");
                if (!enabled.getOrDefault(channel, false)) {
                    b.append("off (not configured)\n");
                    continue;
                }
                List<String> addresses = step.roles().stream().map(matrix.roles()::get).map(r -> address(r, channel, globalWebhook)).toList();
                b.append(String.join(", ", addresses)).append('\n');
            }
        }
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
