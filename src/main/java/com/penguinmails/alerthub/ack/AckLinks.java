package com.penguinmails.alerthub.ack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.api.ApiException;
import com.penguinmails.alerthub.config.Durations;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signed, expiring acknowledge links for emails: {@code <hub.public-url>/ack/<claim>.<signature>}. The claim (JSON,
 * base64url) names the group, the firing it was sent for and the recipient; the signature is HMAC-SHA256 of the claim
 * with the hub's ack secret. Nothing is stored per link: the signature is the proof.
 */
public final class AckLinks {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a link says.
     *
     * @param opened  the group's firing it was sent for (epoch seconds): a link from an earlier firing acknowledges nothing
     * @param to      the recipient, who acknowledges as {@code <to> (email link)}
     * @param expires epoch seconds
     */
    public record Claim(String check, String tier, long opened, String to, long expires) {
    }

    private final String secret;
    private final String publicUrl;
    private final Duration ttl;
    private final Clock clock;

    public AckLinks(String secret, String publicUrl, Duration ttl, Clock clock) {
        this.secret = secret;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** 32 random bytes, hex: the signing key when {@code hub.ack.secret} is not set (kept in the state store). */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /** A link for {@code to}, valid for {@code hub.ack.link-ttl} from now. */
    public String link(String check, String tier, Instant opened, String to) {
        Claim claim = new Claim(check, tier, opened.getEpochSecond(), to, clock.instant().plus(ttl).getEpochSecond());
        try {
            byte[] payload = JSON.writeValueAsBytes(claim);
            return publicUrl + "/ack/" + B64.encodeToString(payload) + "." + B64.encodeToString(sign(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an ack link", e);
        }
    }

    /** The claim of a token this hub signed and that has not expired; 403 for anything forged or mangled, 410 when expired. */
    public Claim verify(String token) {
        String forged = "This acknowledge link is not valid: it was not issued by this alert hub, or it was changed or cut short."
                + " Open the link from the alert email again, or acknowledge with POST /api/alerts/{id}/ack.";
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0) throw new ApiException(403, forged);
        Claim claim;
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sign(payload), signature)) throw new ApiException(403, forged);
            claim = JSON.readValue(payload, Claim.class);
        } catch (IllegalArgumentException | IOException e) {
            throw new ApiException(403, forged);
        }
        Instant expires = Instant.ofEpochSecond(claim.expires());
        if (!clock.instant().isBefore(expires)) {
            throw new ApiException(410, "This acknowledge link expired at " + expires + " (links are valid for " + Durations.words(ttl)
                    + "). Use the link in a newer email about this alert, or acknowledge with POST /api/alerts/{id}/ack.");
        }
        return claim;
    }

    private byte[] sign(byte[] payload) {
        return Hmac.sha256(secret, payload);
    }
}
