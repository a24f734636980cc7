package com.penguinmails.alerthub.check;

import java.time.ZoneId;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{trigger:30s}}} or {@code {{trigger:0 0/5 * * * ?}}} in a quartz URI: ops write a schedule, camel-quartz
 * gets its trigger options (interval or cron in {@code hub.timezone}, misfire: fire once now).
 */
public final class TriggerFunction implements PropertiesFunction {

    private final ZoneId zone;

    public TriggerFunction(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String getName() {
        return "trigger";
    }

    @Override
    public String apply(String schedule) {
        return Schedule.parse(schedule).quartzOptions(zone);
    }
}
