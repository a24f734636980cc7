package com.penguinmails.alerthub.store;

/** The state store failed; the run's outcome was not recorded. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
