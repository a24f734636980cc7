package com.penguinmails.alerthub.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable identities: an alert is check + tier + key; a notification group is check + tier; a delivery lane adds channel + target. */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String alert(String check, String tier, String key) {
        return sha256(check + "\u0000" + tier + "\u0000" + key);
    }

    /** PagerDuty's dedup_key for a group: the same for every event of one (check, tier). */
    public static String group(String check, String tier) {
        return sha256("group\u0000" + check + "\u0000" + tier).substring(0, 40);
    }

    /**
     * A delivery lane, delivered in order: a group's notifications on one channel to one target (the health samples,
     * which belong to no group, share one lane).
     */
    public static String lane(String check, String tier, String channel, String target) {
        return sha256("lane\u0000" + check + "\u0000" + tier + "\u0000" + channel + "\u0000" + target);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
