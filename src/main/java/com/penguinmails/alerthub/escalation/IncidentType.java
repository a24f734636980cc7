package com.penguinmails.alerthub.escalation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A runbook incident type: who is called (its escalation path), how fast they must respond, and what they do first.
 * Severity decides timing and channels; the incident type decides roles and the first-response text.
 *
 * @param fallback for a channel that keeps failing, the channels that take over for the same role
 */
public record IncidentType(
        String id,
        String title,
        Duration respondWithin,
        String firstResponse,
        String runbookUrl,
        List<EscalationStep> escalation,
        Map<Channel, List<Channel>> fallback) {
}
