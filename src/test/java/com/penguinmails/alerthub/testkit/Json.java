package com.penguinmails.alerthub.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The receivers speak JSON objects only; anything else is the sender's bug and is reported as such. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private Json() {
    }

    /** Parses a JSON object; throws IllegalArgumentException for anything else, including {@code null}. */
    static Map<String, Object> object(byte[] body) {
        try {
            Map<String, Object> parsed = MAPPER.readValue(body, OBJECT);
            if (parsed == null) {
                throw new IllegalArgumentException("body is JSON null, not an object");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not a JSON object: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the receivers record in place of a body they could not parse, so the attempt stays visible. */
    static Map<String, Object> unparseable(byte[] body) {
        return Map.of("invalid_json", new String(body, StandardCharsets.UTF_8));
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
