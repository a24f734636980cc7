package com.penguinmails.alerthub.silence;

import com.penguinmails.alerthub.mute.Mute;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A recurring maintenance window of one tier, from {@code routes/muting.yaml}: it opens whenever the Quartz cron
 * {@code start} fires (in {@code hub.timezone}) and lasts {@code duration}. While it is open, every group of the tier
 * is muted. Evaluated against the hub's clock: no timer of its own.
 */
public record MaintenanceWindow(String tier, CronExpression start, Duration duration, String comment) {

    public static CronExpression cron(String text, ZoneId zone) {
        try {
            CronExpression cron = new CronExpression(text);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return cron;
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a Quartz cron (seconds minutes hours day-of-month month"
                    + " day-of-week, e.g. 0 0 3 ? * SUN): " + e.getMessage());
        }
    }

    /** Open at {@code now}: the cron fired at some instant in {@code (now - duration, now]}. */
    public boolean openAt(Instant now) {
        Date opened = start.getNextValidTimeAfter(Date.from(now.minus(duration)));
        return opened != null && !opened.toInstant().isAfter(now);
    }

    public Mute mute() {
        return new Mute("in maintenance window of " + tier + " (" + comment + ")");
    }
}
