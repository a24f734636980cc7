package com.penguinmails.alerthub.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.mute.Mute;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a recurring window is open, computed from the clock alone: its cron in its zone, daylight saving included. */
class MaintenanceWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final MaintenanceWindow sundays = new MaintenanceWindow("queue", MaintenanceWindow.cron("0 0 3 ? * SUN", NEW_YORK),
            Duration.ofHours(2), "weekly VACUUM FULL");

    @Test
    void aWindowIsOpenFromItsCronForItsDurationInItsTimeZone() {
        // Sunday 2026-11-29 03:00 in New York (EST) is 08:00 UTC
        assertThat(sundays.openAt(Instant.parse("2026-11-29T07:59:59Z"))).isFalse();
        assertThat(sundays.openAt(Instant.parse("2026-11-29T08:00:00Z"))).isTrue();
        assertThat(sundays.openAt(Instant.parse("2026-11-29T09:59:59Z"))).isTrue();
        assertThat(sundays.openAt(Instant.parse("2026-11-29T10:00:00Z"))).isFalse();
        assertThat(sundays.openAt(Instant.parse("2026-11-30T08:00:00Z"))).as("Monday").isFalse();
        // the Sunday daylight saving starts (2026-03-08), 03:00 EDT is 07:00 UTC
        assertThat(sundays.openAt(Instant.parse("2026-03-08T06:59:59Z"))).isFalse();
        assertThat(sundays.openAt(Instant.parse("2026-03-08T07:00:00Z"))).isTrue();
        assertThat(sundays.openAt(Instant.parse("2026-03-08T09:00:00Z"))).isFalse();
    }

    @Test
    void anOpenWindowMutesItsTierOnly() {
        MaintenanceWindows windows = new MaintenanceWindows(List.of(sundays));
        Instant open = Instant.parse("2026-11-29T08:30:00Z");
        assertThat(windows.mutedBy(AlertGroup.quiet("queue-backlog", "queue"), open))
                .contains(new Mute("in maintenance window of queue (weekly VACUUM FULL)"));
        assertThat(windows.mutedBy(AlertGroup.quiet("pool-usage", "oltp"), open)).isEmpty();
        assertThat(windows.mutedBy(AlertGroup.quiet("queue-backlog", "queue"), open.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void aCronThatDoesNotParseSaysWhatACronIs() {
        assertThatThrownBy(() -> MaintenanceWindow.cron("0 0 3 * * SUN", NEW_YORK)).hasMessage("'0 0 3 * * SUN' is not a Quartz cron"
                + " (seconds minutes hours day-of-month month day-of-week, e.g. 0 0 3 ? * SUN): Support for specifying both a"
                + " day-of-week AND a day-of-month parameter is not implemented.");
    }
}
