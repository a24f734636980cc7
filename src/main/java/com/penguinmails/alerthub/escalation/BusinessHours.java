package com.penguinmails.alerthub.escalation;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The working calendar of business-hours severities: working days, daily hours and holidays in one IANA zone.
 * Every boundary is computed as a {@link ZonedDateTime} of that zone, so a working day that a daylight-saving change
 * shortens or lengthens counts exactly the hours it really has.
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, Hours hours, Set<LocalDate> holidays) {

    public static final String DAY_NAMES = "mon, tue, wed, thu, fri, sat, sun";

    /** Daily working hours; overnight hours are refused because a working day must end on its own date. */
    public record Hours(LocalTime opens, LocalTime closes) {

        private static final Pattern FORM = Pattern.compile("(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");

        public Hours {
            if (!closes.isAfter(opens)) {
                throw new IllegalArgumentException("'" + opens + "-" + closes + "': the end must be after the start (overnight hours are not supported)");
            }
        }

        public static Hours parse(String text) {
            Matcher m = FORM.matcher(text.trim());
            try {
                if (m.matches()) return new Hours(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2)));
            } catch (DateTimeException e) {
                // an impossible time such as 25:00 is the same mistake as a wrong form
            }
            throw new IllegalArgumentException("'" + text + "' is not HH:MM-HH:MM (e.g. 09:00-17:00)");
        }
    }

    public BusinessHours {
        days = workingDays(days);
        holidays = Set.copyOf(holidays);
    }

    /** A calendar needs a working day: without one it would never open. */
    public static Set<DayOfWeek> workingDays(Collection<DayOfWeek> days) {
        if (days.isEmpty()) throw new IllegalArgumentException("no working day");
        return Set.copyOf(days);
    }

    /** {@code mon} .. {@code sun}, any case. */
    public static DayOfWeek parseDay(String text) {
        for (DayOfWeek d : EnumSet.allOf(DayOfWeek.class)) {
            if (d.name().substring(0, 3).equalsIgnoreCase(text.trim())) return d;
        }
        throw new IllegalArgumentException("unknown day '" + text.trim() + "' (expected " + DAY_NAMES + ")");
    }

    public static ZoneId parseZone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text.trim() + "' (use an IANA name such as America/New_York, or UTC)");
        }
    }

    public boolean open(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        return working(date) && !at.isBefore(opening(date)) && at.isBefore(closing(date));
    }

    /** {@code from} itself when the calendar is open, else the next time it opens. */
    public Instant nextOpening(Instant from) {
        // ends: there is a working day every week, and only finitely many holidays
        for (LocalDate date = from.atZone(zone).toLocalDate(); ; date = date.plusDays(1)) {
            if (working(date) && from.isBefore(closing(date))) {
                Instant opening = opening(date);
                return from.isBefore(opening) ? opening : from;
            }
        }
    }

    /**
     * When {@code work} of working time has passed since {@code from}: only open periods count. The result is always
     * an open instant: work that runs out exactly at closing time is due at the next opening, not after hours.
     */
    public Instant add(Instant from, Duration work) {
        if (work.isNegative()) throw new IllegalArgumentException("negative working time " + work);
        Instant at = nextOpening(from);
        Duration left = work;
        while (true) {
            Instant closing = closing(at.atZone(zone).toLocalDate());
            Duration rest = Duration.between(at, closing);
            if (left.compareTo(rest) < 0) return at.plus(left);
            left = left.minus(rest);
            at = nextOpening(closing);
        }
    }

    private boolean working(LocalDate date) {
        return days.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    private Instant opening(LocalDate date) {
        return ZonedDateTime.of(date, hours.opens(), zone).toInstant();
    }

    private Instant closing(LocalDate date) {
        return ZonedDateTime.of(date, hours.closes(), zone).toInstant();
    }
}
