package com.penguinmails.alerthub.check;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configured check by name, as loaded from {@code routes/}. */
public final class CheckCatalog {

    private final Map<String, CheckDefinition> checks = new LinkedHashMap<>();

    public CheckCatalog(List<CheckDefinition> definitions) {
        definitions.forEach(d -> checks.put(d.name(), d));
    }

    public Optional<CheckDefinition> find(String name) {
        return Optional.ofNullable(checks.get(name));
    }

    public Collection<CheckDefinition> all() {
        return checks.values();
    }

    public boolean covers(String check, String tier) {
        return find(check).map(d -> d.tiers().contains(tier)).orElse(false);
    }
}
