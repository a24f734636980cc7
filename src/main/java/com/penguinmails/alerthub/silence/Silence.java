package com.penguinmails.alerthub.silence;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.mute.Matcher;
import com.penguinmails.alerthub.mute.Mute;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A silence, as Alertmanager has them: every group whose labels match all its matchers is muted from
 * {@code startsAt} until {@code endsAt}; who made it (the API token's name) and why are on record.
 */
public record Silence(long id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment,
        Instant createdAt) {

    public enum State {
        PENDING, ACTIVE, EXPIRED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public State state(Instant now) {
        if (!endsAt.isAfter(now)) return State.EXPIRED;
        return startsAt.isAfter(now) ? State.PENDING : State.ACTIVE;
    }

    public boolean matches(AlertGroup group) {
        return matchers.stream().allMatch(m -> m.matches(group));
    }

    public Mute mute() {
        return new Mute("silenced by silence #" + id + " (" + createdBy + ": " + comment + ")");
    }
}
