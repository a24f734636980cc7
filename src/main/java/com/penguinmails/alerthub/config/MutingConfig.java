package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.inhibit.InhibitRule;
import com.penguinmails.alerthub.silence.MaintenanceWindow;
import java.util.List;

/** {@code routes/muting.yaml}: the tiers' recurring maintenance windows and the inhibition rules. */
public record MutingConfig(List<MaintenanceWindow> maintenance, List<InhibitRule> inhibit) {

    /** No file: nothing is muted but by silences. */
    public static final MutingConfig NONE = new MutingConfig(List.of(), List.of());
}
