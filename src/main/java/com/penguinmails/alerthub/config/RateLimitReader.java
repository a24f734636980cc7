package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.escalation.RateLimit;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a {@code rate-limit: {max: 10, per: 10m}} of the contact matrix (the whole matrix's, or one role's). */
final class RateLimitReader {

    private static final Set<String> FIELDS = Set.of("max", "per");

    private final MatrixFields fields;

    RateLimitReader(MatrixFields fields) {
        this.fields = fields;
    }

    Optional<RateLimit> read(Node node, String where) {
        String at = where + "rate-limit";
        if (!(node instanceof MappingNode)) {
            fields.problem(node, at + ": expected {max: <notices>, per: <duration>}, e.g. {max: 10, per: 10m}");
            return Optional.empty();
        }
        fields.unknownFields(node, FIELDS, at);
        Integer max = fields.required(node, "max", at, RateLimitReader::atLeastOne);
        Duration per = fields.required(node, "per", at, RateLimitReader::window);
        return max == null || per == null ? Optional.empty() : Optional.of(new RateLimit(max, per));
    }

    private static int atLeastOne(String text) {
        try {
            int max = Integer.parseInt(text.trim());
            if (max >= 1) return max;
        } catch (NumberFormatException e) {
            // said below, with the value
        }
        throw new IllegalArgumentException("'" + text + "' is not a whole number of notices of at least 1");
    }

    private static Duration window(String text) {
        Duration per = Durations.parse(text);
        if (per.compareTo(Duration.ofMinutes(1)) < 0) throw new IllegalArgumentException("'" + text + "' is shorter than 1m");
        return per;
    }
}
