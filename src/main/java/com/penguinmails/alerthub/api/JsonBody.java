package com.penguinmails.alerthub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/** An optional JSON object in a request body; anything else is a 400 that shows what was expected. */
final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {
    }

    /**
     * @param example  what a good body looks like, shown in both errors
     * @param otherway another way to say the same, shown when the body is not JSON at all (may be empty)
     * @return the object, or null when the body is empty
     */
    static JsonNode object(Exchange exchange, String example, String otherway) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) return null;
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) throw new ApiException(400, "the request body must be a JSON object like " + example);
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "the request body is not valid JSON: " + e.getOriginalMessage() + " (expected e.g. " + example + otherway + ")");
        }
    }
}
