package com.penguinmails.alerthub.api;

import java.util.Map;

/** An API request that cannot be served; becomes a JSON error with this status and reason. */
public class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, Object> details;

    public ApiException(int status, String reason) {
        this(status, reason, Map.of());
    }

    public ApiException(int status, String reason, Map<String, Object> details) {
        super(reason);
        this.status = status;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }
}
