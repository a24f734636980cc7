package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.threshold.Thresholds;
import java.util.List;

/**
 * One health check as ops wrote it in a {@code templatedRoute} of the {@code health-check} template.
 *
 * @param noRows what an empty result means: {@code ok} (nothing offends) or {@code error} (the query must return a row)
 * @param source where it is written, for messages
 */
public record CheckDefinition(
        String name,
        List<String> tiers,
        String sql,
        Thresholds thresholds,
        String incident,
        List<String> keys,
        Schedule schedule,
        NoRows noRows,
        String description,
        String source) {

    /** The check whose alert means "this tier cannot be reached"; the reachability probe reports through it. */
    public static final String TIER_REACHABLE = "tier-reachable";

    public enum NoRows { OK, ERROR }

    public boolean keyed() {
        return !keys.isEmpty();
    }
}
