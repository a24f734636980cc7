package com.penguinmails.alerthub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON notification bodies are written by Jackson, never by string templates, and POSTed with these headers. */
final class JsonMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonMessages() {
    }

    /** camel-http POSTs a message with a body; a CamelHttpMethod header would cost a String-to-enum conversion per request. */
    static Map<String, Object> headers() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return h;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write notification JSON", ex);
        }
    }
}
