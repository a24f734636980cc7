package com.penguinmails.alerthub.escalation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A runbook incident type: who is called first (its own escalation steps, which the matrix's chain continues), how
 * fast the runbook wants a response, and what to do first. Severity decides timing and channels; the incident type
 * decides roles and the first-response text.
 *
 * @param respondWithin the runbook's response target for the incident, shown in messages; timers use the severity's
 * @param escalation    the incident's own steps, the roles of each
 * @param fallback      for a channel that keeps failing, the channels that take over for the same role
 */
public record IncidentType(
        String id,
        String title,
        Duration respondWithin,
        String firstResponse,
        String runbookUrl,
        List<List<String>> escalation,
        Map<Channel, List<Channel>> fallback) {
}
