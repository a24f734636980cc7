package com.penguinmails.alerthub.inhibit;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.mute.Mute;
import com.penguinmails.alerthub.mute.Muting;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mutes a group while another group that fires inhibits it under one of the rules of {@code routes/muting.yaml}; the
 * shipped rule: a tier that is down ({@code tier-reachable} fires) mutes the tier's other groups.
 */
public final class Inhibitions implements Muting {

    private final List<InhibitRule> rules;
    private final AlertStore store;

    public Inhibitions(List<InhibitRule> rules, AlertStore store) {
        this.rules = List.copyOf(rules);
        this.store = store;
    }

    @Override
    public Optional<Mute> mutedBy(AlertGroup group, Instant now) {
        List<InhibitRule> applicable = rules.stream().filter(r -> r.targets(group)).toList();
        if (applicable.isEmpty()) return Optional.empty();
        return store.groups().stream().filter(source -> applicable.stream().anyMatch(r -> r.inhibits(source, group))).findFirst()
                .map(source -> new Mute("inhibited by " + source.check() + "/" + source.tier()));
    }
}
