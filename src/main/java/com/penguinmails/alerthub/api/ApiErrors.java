package com.penguinmails.alerthub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every API failure answers JSON with a status and a reason a person can act on. */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private final ObjectMapper json = new ObjectMapper();

    public void render(Exchange exchange) throws JsonProcessingException {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = e instanceof ApiException api ? api.status() : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", e == null ? "unknown error" : e.getMessage());
        if (e instanceof ApiException api) body.putAll(api.details());
        if (status == 500) LOG.error("API request failed", e);
        exchange.getMessage().setHeaders(Map.of(Exchange.HTTP_RESPONSE_CODE, status, Exchange.CONTENT_TYPE, "application/json"));
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }
}
