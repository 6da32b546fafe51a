package io.clickstream.dashboard.kafka;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clickstream.dashboard.config.DashboardConfig;

/**
 * What the live tail shows instead of a {@code user_id}: {@code u_} and the first 16 hex digits (64 bits) of its
 * HMAC-SHA256 under a key from {@code dashboard.user-id.key}, or a random key per process. The same user keeps one
 * pseudonym while the key stays, so a viewer can follow a shopper without learning who it is; without the key a
 * pseudonym cannot be checked against guessed ids. Only what browsers receive changes: the aggregates count the
 * real ids.
 */
@ApplicationScoped
public class UserIdPseudonyms {

    static final String PREFIX = "u_";
    private static final String ALGORITHM = "HmacSHA256";

    private final boolean showRaw;
    private final SecretKeySpec key;
    // one Mac per thread: Mac is not thread-safe, and the consumer thread calls this for every event
    private final ThreadLocal<Mac> macs;

    @Inject
    UserIdPseudonyms(DashboardConfig config) {
        this(config.userId().showRaw(), config.userId().key().map(k -> k.getBytes(StandardCharsets.UTF_8))
                .orElseGet(UserIdPseudonyms::randomKey));
    }

    UserIdPseudonyms(boolean showRaw, byte[] key) {
        this.showRaw = showRaw;
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The id to show; null stays null. */
    public String shown(String userId) {
        if (userId == null || showRaw) {
            return userId;
        }
        byte[] digest = macs.get().doFinal(userId.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(digest, 0, 8);
    }

    public boolean showsRaw() {
        return showRaw;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
