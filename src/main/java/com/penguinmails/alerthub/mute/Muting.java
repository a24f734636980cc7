package com.penguinmails.alerthub.mute;

import com.penguinmails.alerthub.alert.AlertGroup;
import java.time.Instant;
import java.util.Optional;

/** Is this group muted at this instant, and by what? Answered by silences, maintenance windows and inhibition rules. */
public interface Muting {

    Optional<Mute> mutedBy(AlertGroup group, Instant now);
}
