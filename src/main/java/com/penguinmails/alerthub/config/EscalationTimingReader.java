package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.escalation.BusinessHours;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.SeverityTiming;
import com.penguinmails.alerthub.threshold.Severity;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** The matrix's {@code severities} (how fast each severity escalates) and {@code business-hours} (the calendar). */
final class EscalationTimingReader {

    private static final Set<String> SEVERITY_FIELDS = Set.of("steps-at-once", "respond-within", "escalate-every", "repeat-every",
            "business-hours", "step-1-channels");
    private static final Set<String> CALENDAR_FIELDS = Set.of("timezone", "days", "hours", "holidays");

    private final MatrixFields fields;

    EscalationTimingReader(MatrixFields fields) {
        this.fields = fields;
    }

    Map<Severity, SeverityTiming> severities(Node section) {
        Map<Severity, SeverityTiming> severities = new EnumMap<>(Severity.class);
        for (NodeTuple t : YamlFile.entries(section)) {
            Severity severity = fields.parse(t.getKeyNode(), "severities", Severity::parse);
            if (severity != null) severities.put(severity, timing(t.getValueNode(), "severities." + severity.label()));
        }
        fields.everySeverity(section, "severities", severities);
        return severities;
    }

    private SeverityTiming timing(Node node, String where) {
        fields.unknownFields(node, SEVERITY_FIELDS, where);
        int atOnce = fields.optional(node, "steps-at-once", where, EscalationTimingReader::stepCount).orElse(1);
        Duration respond = fields.required(node, "respond-within", where, Durations::parse);
        Duration every = fields.required(node, "escalate-every", where, Durations::parse);
        // a repeat every 0 would notify the last step without end at one instant
        Duration repeat = fields.required(node, "repeat-every", where, text -> longerThanZero(Durations.parse(text)));
        boolean working = fields.optional(node, "business-hours", where, EscalationTimingReader::bool).orElse(false);
        Optional<Node> step1Node = YamlFile.get(node, "step-1-channels");
        Optional<List<Channel>> step1 = step1Node.map(n -> fields.channels(n, where + ": step-1-channels"));
        if (step1.filter(List::isEmpty).isPresent()) {
            fields.problem(step1Node.get(), where + ": step-1-channels is empty (leave it out to use the severity's channels)");
        }
        return new SeverityTiming(atOnce, respond, every, repeat, working, step1);
    }

    BusinessHours businessHours(Node section) {
        if (section == null) return null;
        String where = "business-hours";
        fields.unknownFields(section, CALENDAR_FIELDS, where);
        ZoneId zone = fields.required(section, "timezone", where, BusinessHours::parseZone);
        Set<DayOfWeek> days = fields.required(section, "days", where, text -> BusinessHours.workingDays(listOf(text, BusinessHours::parseDay)));
        BusinessHours.Hours hours = fields.required(section, "hours", where, BusinessHours.Hours::parse);
        Set<LocalDate> holidays = fields.optional(section, "holidays", where, text -> Set.copyOf(listOf(text, EscalationTimingReader::date)))
                .orElse(Set.of());
        return zone == null || days == null || hours == null ? null : new BusinessHours(zone, days, hours, holidays);
    }

    private static int stepCount(String text) {
        if (!text.trim().matches("[1-9]\\d{0,2}")) throw new IllegalArgumentException("'" + text + "' is not a whole number of steps, 1 or more");
        return Integer.parseInt(text.trim());
    }

    private static Duration longerThanZero(Duration d) {
        if (d.isZero()) throw new IllegalArgumentException("must be longer than 0");
        return d;
    }

    private static boolean bool(String text) {
        if (!text.trim().matches("true|false")) throw new IllegalArgumentException("'" + text + "' is not true or false");
        return Boolean.parseBoolean(text.trim());
    }

    /** A scalar or a sequence, as comma-separated items: {@code [mon, tue]} and {@code mon, tue} both work. */
    private static <T> List<T> listOf(String text, Function<String, T> item) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(item).toList();
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (use YYYY-MM-DD)");
        }
    }
}
