package com.penguinmails.alerthub.escalation;

import static com.penguinmails.alerthub.threshold.Severity.CRITICAL;
import static com.penguinmails.alerthub.threshold.Severity.HIGH;
import static com.penguinmails.alerthub.threshold.Severity.LOW;
import static com.penguinmails.alerthub.threshold.Severity.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's escalation semantics at the shipped delays, on a fixed instant: who is notified when, on which channels,
 * for each severity, after the last step, and when the severity changes.
 */
class EscalationTimelineTest {

    private static final ContactMatrix MATRIX = ShippedMatrix.load();
    private static final Instant FIRED = Instant.parse("2026-03-11T14:00:00Z");
    private static final String ALL = "[pager, email, webhook, posthog]";
    private static final String HIGH_CHANNELS = "[email, webhook, posthog]";
    private static final String MEDIUM_CHANNELS = "[email, posthog]";

    @Test
    void aPolicyIsTheIncidentsOwnStepsThenTheChainAfterTheLastOfThemInIt() {
        assertThat(roles("database-outage")).containsExactly(
                List.of("database-lead", "oncall-engineer"), List.of("cto"), List.of("ceo"));
        assertThat(roles("connection-pool-exhaustion")).containsExactly(
                List.of("database-lead", "oncall-engineer"), List.of("engineering-manager"), List.of("cto"), List.of("ceo"));
        assertThat(roles("performance-degradation")).isEqualTo(roles("connection-pool-exhaustion"));
        // the product owner is not in the chain: it continues after the database lead
        assertThat(roles("data-integrity")).containsExactly(
                List.of("database-lead", "oncall-engineer"), List.of("product-owner"), List.of("engineering-manager"), List.of("cto"), List.of("ceo"));
        // nobody of Security Team -> Legal is in the chain: all of it follows
        assertThat(roles("security-breach")).containsExactly(List.of("security-team", "oncall-engineer"), List.of("legal"),
                List.of("database-lead"), List.of("engineering-manager"), List.of("cto"), List.of("ceo"));
    }

    @Test
    void criticalNotifiesStepsOneAndTwoAtOnceThenOneMoreStepEveryFiveMinutes() {
        assertThat(lines(Timeline.timeline(MATRIX, "database-outage", CRITICAL, FIRED, 2))).containsExactly(
                "+0 min step 1 [database-lead, oncall-engineer] " + ALL,
                "+0 min step 2 [cto] " + ALL,
                "+5 min step 3 [ceo] " + ALL,
                "+10 min step 3 again [ceo] " + ALL,
                "+15 min step 3 again [ceo] " + ALL);
        assertThat(lines(Timeline.timeline(MATRIX, "performance-degradation", CRITICAL, FIRED, 1))).containsExactly(
                "+0 min step 1 [database-lead, oncall-engineer] " + ALL,
                "+0 min step 2 [engineering-manager] " + ALL,
                "+5 min step 3 [cto] " + ALL,
                "+10 min step 4 [ceo] " + ALL,
                "+15 min step 4 again [ceo] " + ALL);
    }

    @Test
    void highEscalatesAtFifteenMinutesThenEveryThirty() {
        assertThat(lines(Timeline.timeline(MATRIX, "performance-degradation", HIGH, FIRED, 2))).containsExactly(
                "+0 min step 1 [database-lead, oncall-engineer] " + HIGH_CHANNELS,
                "+15 min step 2 [engineering-manager] " + HIGH_CHANNELS,
                "+45 min step 3 [cto] " + HIGH_CHANNELS,
                "+75 min step 4 [ceo] " + HIGH_CHANNELS,
                "+105 min step 4 again [ceo] " + HIGH_CHANNELS,
                "+135 min step 4 again [ceo] " + HIGH_CHANNELS);
    }

    @Test
    void mediumEscalatesAfterAnHourThenEveryFourHours() {
        assertThat(lines(Timeline.timeline(MATRIX, "data-integrity", MEDIUM, FIRED, 1))).containsExactly(
                "+0 min step 1 [database-lead, oncall-engineer] " + MEDIUM_CHANNELS,
                "+60 min step 2 [product-owner] " + MEDIUM_CHANNELS,
                "+300 min step 3 [engineering-manager] " + MEDIUM_CHANNELS,
                "+540 min step 4 [cto] " + MEDIUM_CHANNELS,
                "+780 min step 5 [ceo] " + MEDIUM_CHANNELS,
                "+1020 min step 5 again [ceo] " + MEDIUM_CHANNELS);
    }

    @Test
    void lowRaisedFridayAtSixEmailsStepOneOnMondayAtNineAndCountsWorkingTimeAfter() {
        List<TimelineEntry> low = Timeline.timeline(MATRIX, "performance-degradation", LOW, ny("2026-03-13T18:00"), 1);

        assertThat(low).extracting(TimelineEntry::at).containsExactly(
                ny("2026-03-16T09:00"),  // next business day
                ny("2026-03-16T13:00"),  // 4 working hours later
                ny("2026-03-17T13:00"),  // then one working day per step
                ny("2026-03-18T13:00"),
                ny("2026-03-19T13:00")); // the last step again
        assertThat(low.get(0).channels()).as("step 1 by email only").containsExactly(Channel.EMAIL);
        assertThat(low.subList(1, low.size())).allSatisfy(e -> assertThat(e.channels()).containsExactly(Channel.POSTHOG, Channel.EMAIL));
        assertThat(low).extracting(TimelineEntry::step).containsExactly(1, 2, 3, 4, 4);
    }

    @Test
    void lowRaisedInWorkingHoursEmailsAtOnceAndEscalatesOnTheNextWorkingDay() {
        assertThat(Timeline.timeline(MATRIX, "database-outage", LOW, ny("2026-03-12T15:00"), 0)).extracting(TimelineEntry::at)
                .containsExactly(ny("2026-03-12T15:00"), ny("2026-03-13T11:00"), ny("2026-03-16T11:00"));
    }

    @Test
    void afterTheLastStepItIsRepeatedEveryRepeatIntervalUntilAcknowledged() {
        List<TimelineEntry> entries = Timeline.timeline(MATRIX, "security-breach", HIGH, FIRED, 5);
        List<TimelineEntry> repeats = entries.subList(6, entries.size());

        assertThat(entries.subList(0, 6)).noneMatch(TimelineEntry::repeat);
        assertThat(repeats).hasSize(5).allMatch(TimelineEntry::repeat)
                .allSatisfy(e -> assertThat(e.step()).isEqualTo(6))
                .allSatisfy(e -> assertThat(e.roles()).containsExactly("ceo"));
        for (int i = 1; i < repeats.size(); i++) {
            assertThat(Duration.between(repeats.get(i - 1).at(), repeats.get(i).at())).isEqualTo(Duration.ofMinutes(30));
        }
        assertThat(Duration.between(entries.get(5).at(), repeats.get(0).at())).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aRiseContinuesFromTheCurrentStepWithTheNewDelaysCountedFromTheChange() {
        Timeline high = Timeline.start(policy("performance-degradation", HIGH), FIRED);
        Instant change = FIRED.plus(Duration.ofMinutes(20)); // step 2 went out at +15 min

        Timeline critical = high.rebase(policy("performance-degradation", CRITICAL), change);

        assertThat(critical.notified()).isEqualTo(2);
        assertThat(critical.anchor()).isEqualTo(change);
        assertThat(lines(critical.entries(1))).containsExactly(
                "+20 min step 2 again [engineering-manager] " + ALL,  // the current step hears of the rise at once, paged now
                "+25 min step 3 [cto] " + ALL,                        // critical's 5 min, from the change
                "+30 min step 4 [ceo] " + ALL,
                "+35 min step 4 again [ceo] " + ALL);
    }

    @Test
    void aRiseBeforeALowAlertsFirstEmailNotifiesStepOneAtOnce() {
        Timeline low = Timeline.start(policy("database-outage", LOW), ny("2026-03-13T18:00"));
        Instant saturday = ny("2026-03-14T10:00");

        Timeline high = low.rebase(policy("database-outage", HIGH), saturday);

        assertThat(high.notified()).as("nobody had been told yet").isZero();
        assertThat(high.entries(0)).extracting(TimelineEntry::at)
                .containsExactly(saturday, saturday.plus(Duration.ofMinutes(15)), saturday.plus(Duration.ofMinutes(45)));
    }

    @Test
    void aFallNeverDeEscalatesNorSlowsDown() {
        Timeline critical = Timeline.start(policy("database-outage", CRITICAL), FIRED);
        Instant change = FIRED.plus(Duration.ofMinutes(7)); // step 3 went out at +5 min

        Timeline fallen = critical.rebase(policy("database-outage", MEDIUM), change);

        assertThat(fallen).isSameAs(critical);
        assertThat(lines(fallen.entries(1))).containsExactly(
                "+0 min step 1 [database-lead, oncall-engineer] " + ALL,
                "+0 min step 2 [cto] " + ALL,
                "+5 min step 3 [ceo] " + ALL,
                "+10 min step 3 again [ceo] " + ALL);
        // nor does a fall after a rise undo the rise
        Timeline risen = Timeline.start(policy("database-outage", HIGH), FIRED).rebase(policy("database-outage", CRITICAL), change);
        assertThat(risen.rebase(policy("database-outage", HIGH), change.plus(Duration.ofMinutes(1)))).isSameAs(risen);
        assertThat(risen.rebase(policy("database-outage", CRITICAL), change.plus(Duration.ofMinutes(1)))).as("no change").isSameAs(risen);
    }

    @Test
    void aSeverityChangeKeepsTheIncidentAndAnUnknownIncidentNamesTheKnownOnes() {
        Timeline outage = Timeline.start(policy("database-outage", HIGH), FIRED);
        assertThatThrownBy(() -> outage.rebase(policy("security-breach", CRITICAL), FIRED))
                .hasMessage("a severity change keeps the incident: database-outage, not security-breach");
        assertThatThrownBy(() -> EscalationPolicy.of(MATRIX, "fire", HIGH)).hasMessage("unknown incident type 'fire' (known: database-outage,"
                + " connection-pool-exhaustion, data-integrity, performance-degradation, security-breach, hub-self)");
    }

    private static EscalationPolicy policy(String incident, Severity severity) {
        return EscalationPolicy.of(MATRIX, incident, severity);
    }

    private static List<List<String>> roles(String incident) {
        return policy(incident, HIGH).steps().stream().map(EscalationStep::roles).toList();
    }

    /** {@code +5 min step 3 [ceo] [pager, ...]}, minutes after {@link #FIRED}; "again" marks a repeat. */
    private static List<String> lines(List<TimelineEntry> entries) {
        return entries.stream().map(e -> "+" + Duration.between(FIRED, e.at()).toMinutes() + " min step " + e.step() + (e.repeat() ? " again " : " ")
                + e.roles() + " " + e.channels().stream().map(Channel::label).toList()).toList();
    }

    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.of("America/New_York")).toInstant();
    }
}
