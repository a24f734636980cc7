package com.penguinmails.alerthub.config;

/** Secrets never appear whole in logs, health or API output. */
public final class Secrets {

    private Secrets() {
    }

    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) return "";
        return secret.length() <= 8 ? "****" : secret.substring(0, 2) + "****" + secret.substring(secret.length() - 2);
    }
}
