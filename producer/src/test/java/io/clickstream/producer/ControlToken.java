package io.clickstream.producer;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The control API's token in tests: {@code %test.producer.control.token} in application.properties for
 * {@code @QuarkusTest}s; packaged applications ({@code @QuarkusIntegrationTest}, prod profile) get it from this
 * resource. A test-only value, not a secret.
 */
public class ControlToken implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "test-only-control-token-0001";

    @Override
    public Map<String, String> start() {
        return Map.of("producer.control.token", TOKEN);
    }

    @Override
    public void stop() {
    }
}
