package com.penguinmails.alerthub.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.RoutesCopy;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped calendar (Mon-Fri 09:00-17:00, America/New_York) counts working time only, and follows the zone's
 * daylight-saving changes: a UTC-offset calculation would be an hour off on the Mondays after them.
 */
class BusinessHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final BusinessHours SHIPPED = ShippedMatrix.load().businessHours();

    @TempDir
    Path tmp;

    @Test
    void theShippedCalendarIsTheRunbooksUsWorkingWeek() {
        assertThat(SHIPPED.zone()).isEqualTo(NEW_YORK);
        assertThat(SHIPPED.days()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(SHIPPED.hours()).isEqualTo(BusinessHours.Hours.parse("09:00-17:00"));
        assertThat(SHIPPED.holidays()).isEmpty();
    }

    @Test
    void fridayAtSixInTheEveningOpensOnMondayAtNine() {
        assertThat(SHIPPED.open(ny("2026-03-13T18:00"))).isFalse();
        assertThat(SHIPPED.nextOpening(ny("2026-03-13T18:00"))).isEqualTo(ny("2026-03-16T09:00"));
        // open means [09:00, 17:00): the closing minute is already after hours
        assertThat(SHIPPED.open(ny("2026-03-13T16:59"))).isTrue();
        assertThat(SHIPPED.open(ny("2026-03-13T17:00"))).isFalse();
        assertThat(SHIPPED.nextOpening(ny("2026-03-13T17:00"))).isEqualTo(ny("2026-03-16T09:00"));
        // inside working hours the next opening is now; early in the morning it is 09:00 the same day
        assertThat(SHIPPED.nextOpening(ny("2026-03-11T10:30"))).isEqualTo(ny("2026-03-11T10:30"));
        assertThat(SHIPPED.nextOpening(ny("2026-03-11T07:00"))).isEqualTo(ny("2026-03-11T09:00"));
    }

    @Test
    void aHolidayMondayOpensOnTuesday() {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").edit("contact-matrix.yaml", "holidays: []", "holidays: [2026-05-25, 2026-07-03]");
        BusinessHours calendar = ShippedMatrix.load(routes.file("contact-matrix.yaml")).businessHours();

        assertThat(calendar.open(ny("2026-05-25T10:00"))).as("Memorial Day").isFalse();
        assertThat(calendar.nextOpening(ny("2026-05-22T18:00"))).isEqualTo(ny("2026-05-26T09:00"));
        assertThat(calendar.add(ny("2026-05-22T15:00"), Duration.ofHours(4))).isEqualTo(ny("2026-05-26T11:00"));
        // a holiday Friday moves Thursday evening's work to Monday
        assertThat(calendar.nextOpening(ny("2026-07-02T17:30"))).isEqualTo(ny("2026-07-06T09:00"));
    }

    @Test
    void workingTimeSkipsNightsAndTheWeekend() {
        assertThat(SHIPPED.add(ny("2026-03-13T15:00"), Duration.ofHours(4))).as("2 h on Friday, 2 h on Monday").isEqualTo(ny("2026-03-16T11:00"));
        assertThat(SHIPPED.add(ny("2026-03-13T18:00"), Duration.ZERO)).as("nothing to wait: the next opening").isEqualTo(ny("2026-03-16T09:00"));
        assertThat(SHIPPED.add(ny("2026-03-16T13:00"), Duration.ofHours(8))).as("one working day").isEqualTo(ny("2026-03-17T13:00"));
        assertThat(SHIPPED.add(ny("2026-03-13T09:00"), Duration.ofHours(40))).as("a working week").isEqualTo(ny("2026-03-20T09:00"));
        // work that runs out at closing time is due at the next opening: nobody is notified after hours
        assertThat(SHIPPED.add(ny("2026-03-16T09:00"), Duration.ofHours(8))).isEqualTo(ny("2026-03-17T09:00"));
        assertThat(SHIPPED.add(ny("2026-03-16T09:00"), Duration.ofHours(8).minusMinutes(1))).isEqualTo(ny("2026-03-16T16:59"));
    }

    @Test
    void theMondayAfterSpringForwardOpensAtNineLocalWhichIsAnHourEarlierInUtc() {
        // Sunday 2026-03-08 02:00 EST -> 03:00 EDT
        assertThat(SHIPPED.nextOpening(ny("2026-03-06T18:00"))).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(SHIPPED.add(ny("2026-03-06T15:00"), Duration.ofHours(4))).isEqualTo(ny("2026-03-09T11:00"))
                .isEqualTo(Instant.parse("2026-03-09T15:00:00Z"));
        assertThat(SHIPPED.open(Instant.parse("2026-03-09T13:30:00Z"))).as("09:30 EDT").isTrue();
        assertThat(SHIPPED.open(Instant.parse("2026-03-06T13:30:00Z"))).as("08:30 EST").isFalse();
    }

    @Test
    void theMondayAfterFallBackOpensAtNineLocalWhichIsAnHourLaterInUtc() {
        // Sunday 2026-11-01 02:00 EDT -> 01:00 EST
        assertThat(SHIPPED.nextOpening(ny("2026-10-30T18:00"))).isEqualTo(Instant.parse("2026-11-02T14:00:00Z"));
        assertThat(SHIPPED.add(ny("2026-10-30T15:00"), Duration.ofHours(4))).isEqualTo(ny("2026-11-02T11:00"))
                .isEqualTo(Instant.parse("2026-11-02T16:00:00Z"));
        assertThat(SHIPPED.open(Instant.parse("2026-11-02T13:30:00Z"))).as("08:30 EST").isFalse();
    }

    @Test
    void aWorkingDayThatADaylightSavingChangeShortensOrLengthensCountsTheHoursItReallyHas() {
        BusinessHours sundayNights = new BusinessHours(NEW_YORK, Set.of(DayOfWeek.SUNDAY), BusinessHours.Hours.parse("00:00-06:00"), Set.of());

        // 2026-03-08 00:00-06:00 is 5 real hours: 5 h 30 min of work spills 30 min into the next Sunday
        assertThat(sundayNights.add(ny("2026-03-08T00:00"), Duration.ofMinutes(330))).isEqualTo(ny("2026-03-15T00:30"));
        assertThat(sundayNights.add(ny("2026-03-08T00:00"), Duration.ofMinutes(290))).isEqualTo(ny("2026-03-08T05:50"));
        // 2026-11-01 00:00-06:00 is 7 real hours: 6 h of work ends at 05:00 EST, the same night
        assertThat(sundayNights.add(ny("2026-11-01T00:00"), Duration.ofHours(6))).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"))
                .isEqualTo(ny("2026-11-01T05:00"));
    }

    /** A wall-clock time in New York; for the hour a fall-back repeats, the earlier one. */
    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NEW_YORK).toInstant();
    }
}
