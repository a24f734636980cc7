package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.threshold.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Incident type x severity -> roles -> channels, as written in {@code routes/contact-matrix.yaml}.
 *
 * @param chain         the general escalation chain, one role per step, that every incident's own steps continue into
 * @param businessHours the working calendar of business-hours severities
 * @param rateLimits    per role id, the role's rate limit; a role without one is never held back
 * @param fallback      per channel, the channels the same role hears a notification on when that channel keeps failing
 */
public record ContactMatrix(
        Map<String, Role> roles,
        Map<String, IncidentType> incidents,
        Map<Severity, List<Channel>> channels,
        Map<Severity, SeverityTiming> severities,
        List<String> chain,
        BusinessHours businessHours,
        Map<String, RateLimit> rateLimits,
        Map<Channel, List<Channel>> fallback) {

    /** Without a {@code fallback} section: pager -> email and webhook, email -> webhook, webhook -> email. */
    public static final Map<Channel, List<Channel>> DEFAULT_FALLBACK = Map.of(Channel.PAGER, List.of(Channel.EMAIL, Channel.WEBHOOK),
            Channel.EMAIL, List.of(Channel.WEBHOOK), Channel.WEBHOOK, List.of(Channel.EMAIL));

    public Optional<IncidentType> incident(String id) {
        return Optional.ofNullable(incidents.get(id));
    }

    public List<Channel> channelsFor(Severity severity) {
        return channels.getOrDefault(severity, List.of());
    }
}
