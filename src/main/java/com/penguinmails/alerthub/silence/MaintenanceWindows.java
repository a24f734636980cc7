package com.penguinmails.alerthub.silence;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.mute.Mute;
import com.penguinmails.alerthub.mute.Muting;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Mutes every group of a tier while one of the tier's maintenance windows is open. */
public final class MaintenanceWindows implements Muting {

    private final List<MaintenanceWindow> windows;

    public MaintenanceWindows(List<MaintenanceWindow> windows) {
        this.windows = List.copyOf(windows);
    }

    @Override
    public Optional<Mute> mutedBy(AlertGroup group, Instant now) {
        return windows.stream().filter(w -> w.tier().equals(group.tier()) && w.openAt(now)).findFirst().map(MaintenanceWindow::mute);
    }
}
