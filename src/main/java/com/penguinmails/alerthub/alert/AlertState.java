package com.penguinmails.alerthub.alert;

/** pending (breaching, its {@code for} not yet elapsed) -> firing -> resolved. */
public enum AlertState {
    PENDING, FIRING, RESOLVED;

    public boolean open() {
        return this != RESOLVED;
    }
}
