package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.threshold.RowVerdict;
import java.util.Map;

/** One result row with its key (empty for an unkeyed check) and what the thresholds said about it. */
public record EvaluatedRow(String key, Map<String, Object> row, RowVerdict verdict) {
}
