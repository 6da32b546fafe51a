package io.clickstream.producer;

import io.clickstream.kafka.local.ManagementPortResource;
import io.quarkus.test.common.http.TestHTTPResourceManager;

/**
 * URLs on the management interface, where health and metrics are served. {@code @QuarkusTest}s give it a random
 * port ({@code quarkus.management.test-port=0}), which Quarkus resolves; {@code @QuarkusIntegrationTest}s give the
 * packaged application one with {@link ManagementPortResource}.
 */
final class Management {

    private Management() {
    }

    /** @param path under the management root, e.g. {@code /health/ready} for {@code /q/health/ready} */
    static String url(String path) {
        String integration = ManagementPortResource.url(path);
        return integration != null ? integration : TestHTTPResourceManager.getManagementUri() + path;
    }
}
