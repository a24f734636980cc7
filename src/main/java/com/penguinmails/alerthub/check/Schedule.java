package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.config.Durations;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a check runs: an interval ({@code 30s}, {@code 5m}) or a Quartz cron ({@code 0 0/5 * * * ?}).
 * Turned into camel-quartz endpoint options; a misfire (the hub was busy or down) fires once, now.
 */
public record Schedule(String text, Duration interval, String cron) {

    private static final int MISFIRE_FIRE_ONCE_NOW = 1;

    public static Schedule parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("\\d+\\s*(ms|s|m|h|d)?")) {
            Duration interval = Durations.parse(t);
            if (interval.toMillis() < 1000) throw new IllegalArgumentException("schedule '" + t + "' is shorter than 1s");
            return new Schedule(t, interval, null);
        }
        try {
            CronExpression.validateExpression(t);
        } catch (ParseException e) {
            throw new IllegalArgumentException("schedule '" + t + "' is neither an interval (30s, 5m) nor a Quartz cron"
                    + " (seconds minutes hours day-of-month month day-of-week, e.g. 0 0/5 * * * ?): " + e.getMessage());
        }
        return new Schedule(t, null, t);
    }

    /** The first time after {@code t} this schedule fires (a cron in {@code zone}); null when a cron never fires again. */
    public Instant nextAfter(Instant t, ZoneId zone) {
        if (interval != null) return t.plus(interval);
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            Date next = expression.getNextValidTimeAfter(Date.from(t));
            return next == null ? null : next.toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("validated at parse: " + cron, e);
        }
    }

    /** The query part of a {@code quartz:} endpoint URI. */
    public String quartzOptions(ZoneId zone) {
        String misfire = "trigger.misfireInstruction=" + MISFIRE_FIRE_ONCE_NOW;
        if (interval != null) {
            return "trigger.repeatInterval=" + interval.toMillis() + "&trigger.repeatCount=-1&" + misfire;
        }
        return "cron=" + cron.replace(' ', '+') + "&trigger.timeZone=" + zone.getId() + "&" + misfire;
    }

    /**
     * The time between two runs: the interval, or for a cron its shortest gap among the next fire times (from a fixed
     * instant, in UTC, so the answer does not depend on when the hub started).
     */
    public Duration period() {
        if (interval != null) return interval;
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone("UTC"));
            Duration shortest = null;
            Date at = expression.getNextValidTimeAfter(new Date(0));
            for (int i = 0; i < 50 && at != null; i++) {
                Date next = expression.getNextValidTimeAfter(at);
                if (next == null) break;
                Duration gap = Duration.ofMillis(next.getTime() - at.getTime());
                if (shortest == null || gap.compareTo(shortest) < 0) shortest = gap;
                at = next;
            }
            return shortest == null ? Duration.ofDays(1) : shortest;
        } catch (ParseException e) {
            throw new IllegalStateException("cron '" + cron + "' was validated at parse time", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
