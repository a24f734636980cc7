package com.penguinmails.alerthub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix's escalation sections as ops get them wrong: a calendar, a severity's timing, the chain, a step still
 * written the old way. Each mistake is its own {@code file:line: reason}, all of them at once.
 */
class EscalationConfigTest {

    private static final String MATRIX = "contact-matrix.yaml";
    private static final String ROLES = "(roles: database-lead, oncall-engineer, backup-engineer, engineering-manager, senior-engineer, cto, ceo,"
            + " product-owner, security-team, legal)";

    @TempDir
    Path tmp;
    private RoutesCopy routes;

    @BeforeEach
    void copyRoutes() {
        routes = RoutesCopy.of(tmp, "routes");
    }

    @Test
    void aCalendarThatDoesNotParseIsRefusedFieldByFieldAtEachLine() {
        routes.edit(MATRIX, "timezone: America/New_York", "timezone: America/New_Yrok")
                .edit(MATRIX, "days: [mon, tue, wed, thu, fri]", "days: [mon, tue, wed, thu, fry]")
                .edit(MATRIX, "hours: 09:00-17:00", "hours: 18:00-09:00")
                .edit(MATRIX, "holidays: []", "holidays: [2026-12-25, 2026-02-30]");

        assertThat(problems()).containsExactly(
                at("timezone: America/New_Yrok") + "business-hours: timezone: unknown time zone 'America/New_Yrok'"
                        + " (use an IANA name such as America/New_York, or UTC)",
                at("days: [mon, tue, wed, thu, fry]") + "business-hours: days: unknown day 'fry' (expected mon, tue, wed, thu, fri, sat, sun)",
                at("hours: 18:00-09:00") + "business-hours: hours: '18:00-09:00': the end must be after the start (overnight hours are not supported)",
                at("holidays: [2026-12-25, 2026-02-30]") + "business-hours: holidays: '2026-02-30' is not a date (use YYYY-MM-DD)");
    }

    @Test
    void hoursMustBeTwoTimesOfDayAndACalendarNeedsAWorkingDay() {
        routes.edit(MATRIX, "hours: 09:00-17:00", "hours: 9-17").edit(MATRIX, "days: [mon, tue, wed, thu, fri]", "days: []");
        assertThat(problems()).containsExactly(
                at(" days: []") + "business-hours: days: no working day",
                at("hours: 9-17") + "business-hours: hours: '9-17' is not HH:MM-HH:MM (e.g. 09:00-17:00)");

        routes.edit(MATRIX, "hours: 9-17", "hours: 09:00-24:00").edit(MATRIX, " days: []", " days: [mon]");
        assertThat(problems()).containsExactly(at("hours: 09:00-24:00") + "business-hours: hours: '09:00-24:00' is not HH:MM-HH:MM (e.g. 09:00-17:00)");

        routes.edit(MATRIX, "hours: 09:00-24:00", "hours: 09:00-09:00");
        assertThat(problems()).containsExactly(at("hours: 09:00-09:00")
                + "business-hours: hours: '09:00-09:00': the end must be after the start (overnight hours are not supported)");
    }

    @Test
    void aCalendarWithoutItsZoneOrWithAnUnknownFieldIsRefused() {
        routes.edit(MATRIX, "  timezone: America/New_York\n", "  weekend: closed\n");
        // a missing field is reported at the first line of its section
        assertThat(problems()).containsExactly(
                at("weekend: closed") + "business-hours: unknown field 'weekend' (known: days, holidays, hours, timezone)",
                at("weekend: closed") + "business-hours: missing 'timezone'");
    }

    @Test
    void aSeveritysTimingThatDoesNotParseIsRefusedAtEachLine() {
        routes.edit(MATRIX, "steps-at-once: 2", "steps-at-once: two")
                .edit(MATRIX, "  high:\n    respond-within: 15m\n", "  high:\n")
                .edit(MATRIX, "escalate-every: 30m", "escalate-every: 30 minutes")
                .edit(MATRIX, "repeat-every: 4h", "repeat-every: 0m")
                .edit(MATRIX, "business-hours: true", "business-hours: yes")
                .edit(MATRIX, "step-1-channels: [email]", "step-1-channels: [sms]");
        int high = routes.lineOf(MATRIX, "severities:", "  high:");

        assertThat(problems()).containsExactly(
                at("steps-at-once: two") + "severities.critical: steps-at-once: 'two' is not a whole number of steps, 1 or more",
                (high + 1) + ": severities.high: missing 'respond-within'",
                at("escalate-every: 30 minutes") + "severities.high: escalate-every: '30 minutes' is not a duration (use e.g. 30s, 5m, 1h, 1d)",
                at("repeat-every: 0m") + "severities.medium: repeat-every: must be longer than 0",
                at("business-hours: yes") + "severities.low: business-hours: 'yes' is not true or false",
                at("step-1-channels: [sms]") + "severities.low: step-1-channels: unknown channel 'sms' (expected email, pager, webhook, posthog)",
                at("step-1-channels: [sms]") + "severities.low: step-1-channels is empty (leave it out to use the severity's channels)");
    }

    @Test
    void everySeverityNeedsItsTimingAndOnlyKnownSeveritiesAndFieldsAreRead() {
        routes.edit(MATRIX, "  medium:\n    respond-within: 1h\n    escalate-every: 4h\n    repeat-every: 4h\n",
                "  urgent:\n    respond-within: 1h\n    escalate-every: 4h\n    repeat-every: 4h\n    page-ceo: true\n");

        assertThat(problems()).containsExactly(
                at("  urgent:") + "severities: unknown severity 'urgent' (expected critical, high, medium or low)",
                routes.lineOf(MATRIX, "severities:", "  critical:") + ": severities: no entry for severity 'medium'");

        routes.edit(MATRIX, "  urgent:\n", "  medium:\n");
        assertThat(problems()).containsExactly(at("page-ceo: true") + "severities.medium: unknown field 'page-ceo' (known: business-hours,"
                + " escalate-every, repeat-every, respond-within, step-1-channels, steps-at-once)");
    }

    @Test
    void theChainNamesKnownRolesAndAStepStillTimedTheOldWaySaysWhatReplacedIt() {
        routes.edit(MATRIX, "chain: [database-lead, engineering-manager, cto, ceo]", "chain: [database-lead, engineering-manager, cfo, ceo]")
                .edit(MATRIX, "      - roles: [cto]\n", "      - roles: [cto]\n        after: 5m\n");

        assertThat(problems()).containsExactly(
                at("chain: [database-lead, engineering-manager, cfo, ceo]") + "chain: unknown role 'cfo' " + ROLES,
                at("after: 5m") + "incident 'database-outage': escalation step 2: 'after' is no longer read: step delays now come from the"
                        + " severities section");
    }

    @Test
    void aMatrixWithoutTheNewSectionsNamesEachMissingOne() {
        String shipped = routes.read(MATRIX);
        routes.write(MATRIX, shipped.substring(0, shipped.indexOf("# How fast each severity")) + shipped.substring(shipped.indexOf("# Incident types")));

        // reported where the matrix starts
        String first = routes.read(MATRIX).lines().toList().indexOf("roles:") + 1 + ": ";
        assertThat(problems()).containsExactly(
                first + "missing section 'severities'",
                first + "missing section 'business-hours'",
                first + "missing section 'chain'");
    }

    @Test
    void stepOnesOwnChannelsMustReachSomebodyToo() {
        // low's step 1 by pager only: the severity's channels still reach step 1 by email, the pager reaches nobody
        routes.edit(MATRIX, "step-1-channels: [email]", "step-1-channels: [pager]");
        Map<String, String> overrides = Map.of("hub.routes.dir", routes.dir().toString(), "hub.pager.url", "http://127.0.0.1:9/v2/enqueue",
                "hub.contacts.database-lead.pager", "R0DBLEAD0000000000000000000000aa");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> HubConfig.load(overrides));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(routes.path(MATRIX) + ":"
                + routes.lineOf(MATRIX, "  security-breach:", "- roles: ") + ": incident 'security-breach' at severity low reaches nobody:"
                + " channels [pager] are off or step 1's roles [security-team, oncall-engineer] have no address for them");
    }

    @Test
    void aFallbackToItselfToPostHogOrToAnUnknownChannelIsRefusedAtItsLine() {
        routes.edit(MATRIX, "  pager: [email, webhook]\n  email: [webhook]\n  webhook: [email]\n",
                "  pager: [pager, email]\n  email: [pigeon]\n  posthog: [email]\n  webhook: [posthog]\n");
        assertThat(problems()).containsExactly(
                at("pager: [pager, email]") + "fallback.pager: pager falls back to email or webhook (not to itself), e.g. [email, webhook]",
                at("email: [pigeon]") + "fallback.email: unknown channel 'pigeon' (expected email, pager, webhook, posthog)",
                at("posthog: [email]") + "fallback: posthog reaches nobody, so it has no fallback",
                at("webhook: [posthog]") + "fallback.webhook: webhook falls back to email or webhook (not to itself), e.g. [email, webhook]");
    }

    @Test
    void theShippedFallbackIsTheIssuesAndAMatrixWithoutOneGetsTheSame() {
        assertThat(ShippedMatrix.load(routes.file(MATRIX)).fallback()).isEqualTo(ContactMatrix.DEFAULT_FALLBACK);
        routes.edit(MATRIX, "fallback:\n  pager: [email, webhook]\n  email: [webhook]\n  webhook: [email]\n", "");
        assertThat(ShippedMatrix.load(routes.file(MATRIX)).fallback()).isEqualTo(ContactMatrix.DEFAULT_FALLBACK);
    }

    private List<String> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ShippedMatrix.load(routes.file(MATRIX)));
        assertThat(e).as("the matrix is refused").isNotNull();
        return e.problems().stream().map(p -> p.line() + ": " + p.reason()).toList();
    }

    /** {@code line: } of the only line with this text, as {@link #problems()} writes it. */
    private String at(String text) {
        return routes.lineOf(MATRIX, text) + ": ";
    }
}
