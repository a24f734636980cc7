package com.penguinmails.alerthub.escalation;

import static com.penguinmails.alerthub.threshold.Severity.CRITICAL;
import static com.penguinmails.alerthub.threshold.Severity.LOW;

import com.penguinmails.alerthub.config.Durations;
import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/** The generated section of {@code docs/escalation.md}: every incident type x severity, and two worked examples. */
final class EscalationDoc {

    private static final List<Severity> MOST_SEVERE_FIRST = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.US);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.US).withZone(ZoneOffset.UTC);

    private EscalationDoc() {
    }

    static String render(ContactMatrix matrix) {
        StringBuilder b = new StringBuilder();
        b.append("### Timing by severity\n\n")
                .append("| severity | steps at once | next step after | then one more every | last step again every | delays count | channels |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Severity severity : MOST_SEVERE_FIRST) {
            SeverityTiming t = matrix.severities().get(severity);
            String channels = labels(matrix.channelsFor(severity)) + t.step1Channels().map(c -> " (step 1: " + labels(c) + ")").orElse("");
            b.append("| ").append(severity.label()).append(" | ").append(t.stepsAtOnce()).append(" | ").append(Durations.words(t.respondWithin()))
                    .append(" | ").append(Durations.words(t.escalateEvery())).append(" | ").append(Durations.words(t.repeatEvery()))
                    .append(" | ").append(t.businessHours() ? "business hours" : "real time").append(" | ").append(channels).append(" |\n");
        }
        b.append("\nBusiness hours: ").append(calendar(matrix.businessHours())).append(".\n");
        for (IncidentType incident : matrix.incidents().values()) {
            b.append("\n### ").append(incident.id()).append(" (").append(incident.title()).append(")\n\n")
                    .append("| severity | step | after the first notification | roles | channels |\n|---|---|---|---|---|\n");
            for (Severity severity : MOST_SEVERE_FIRST) {
                EscalationPolicy policy = EscalationPolicy.of(matrix, incident.id(), severity);
                String working = policy.businessHours().isPresent() ? " (business hours)" : "";
                for (EscalationStep step : policy.steps()) {
                    row(b, severity.label(), String.valueOf(step.number()), delay(step.after()) + working, step.roles(), step.channels());
                }
                EscalationStep last = policy.steps().get(policy.steps().size() - 1);
                row(b, severity.label(), last.number() + " again", "every " + Durations.words(policy.repeatEvery()) + working,
                        last.roles(), last.channels());
            }
        }
        ZoneId zone = matrix.businessHours().zone();
        example(b, "A low alert raised on Friday at 18:00", matrix, "performance-degradation", LOW,
                LocalDateTime.parse("2026-03-06T18:00").atZone(zone).toInstant(), 1);
        example(b, "A critical alert across a daylight-saving change", matrix, "database-outage", CRITICAL,
                LocalDateTime.parse("2026-11-01T01:58").atZone(zone).toInstant(), 2);
        return b.toString();
    }

    private static void example(StringBuilder b, String title, ContactMatrix matrix, String incident, Severity severity, Instant fired, int repeats) {
        ZoneId zone = matrix.businessHours().zone();
        b.append("\n### ").append(title).append("\n\n").append(incident).append(" at ").append(severity.label()).append(", fired ")
                .append(LOCAL.format(fired.atZone(zone))).append(" (").append(UTC.format(fired)).append(" UTC):\n\n")
                .append("| step | notified at (").append(zone.getId()).append(") | UTC | roles | channels |\n|---|---|---|---|---|\n");
        for (TimelineEntry e : Timeline.timeline(matrix, incident, severity, fired, repeats)) {
            row(b, e.step() + (e.repeat() ? " again" : ""), LOCAL.format(e.at().atZone(zone)), UTC.format(e.at()), e.roles(), e.channels());
        }
    }

    private static void row(StringBuilder b, String first, String second, String third, List<String> roles, List<Channel> channels) {
        b.append("| ").append(first).append(" | ").append(second).append(" | ").append(third).append(" | ").append(String.join(", ", roles))
                .append(" | ").append(labels(channels)).append(" |\n");
    }

    private static String labels(List<Channel> channels) {
        return String.join(", ", channels.stream().map(Channel::label).toList());
    }

    private static String delay(Duration after) {
        return after.isZero() ? "0" : Durations.words(after);
    }

    private static String calendar(BusinessHours c) {
        return String.join(", ", c.days().stream().sorted().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.US)).toList()) + " "
                + c.hours().opens() + "-" + c.hours().closes() + ", " + c.zone().getId() + "; holidays: "
                + (c.holidays().isEmpty() ? "none" : String.join(", ", c.holidays().stream().sorted().map(Object::toString).toList()));
    }
}
