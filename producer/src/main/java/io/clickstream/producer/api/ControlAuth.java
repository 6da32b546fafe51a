package io.clickstream.producer.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.clickstream.producer.config.ProducerConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The bearer token the control endpoints require ({@code producer.control.*}). Checked at start-up, so a producer
 * without a token does not start unless authentication is switched off explicitly. Application-scoped (a proxy), as
 * the REST layer creates {@link ControlGuard} before the runtime configuration is there.
 */
@Startup
@ApplicationScoped
public class ControlAuth {

    /** Shorter tokens are guessable; {@code openssl rand -hex 32} gives 64 characters. */
    static final int MIN_TOKEN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    public ControlAuth(ProducerConfig config) {
        if (config.control().auth() == ProducerConfig.Auth.NONE) {
            expectedDigest = null;
            return;
        }
        String token = config.control().token().map(String::strip).orElse("");
        if (token.isEmpty()) {
            throw new ConfigurationException("producer.control.token (PRODUCER_CONTROL_TOKEN) must be set: the control "
                    + "API requires a bearer token (e.g. openssl rand -hex 32); to run without one, set "
                    + "producer.control.auth=none explicitly");
        }
        if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // the message names the key, never the value
            throw new ConfigurationException("producer.control.token (PRODUCER_CONTROL_TOKEN) must be at least "
                    + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces");
        }
        expectedDigest = sha256(token);
    }

    /** Whether requests need a token at all. */
    public boolean required() {
        return expectedDigest != null;
    }

    /** Whether an {@code Authorization} header carries the token; compared in constant time. */
    public boolean accepts(Optional<String> authorization) {
        if (expectedDigest == null) {
            return true;
        }
        String header = authorization.orElse("");
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // digests of equal length, so neither the comparison time nor an early exit tells anything about the token
        return MessageDigest.isEqual(expectedDigest, sha256(header.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
