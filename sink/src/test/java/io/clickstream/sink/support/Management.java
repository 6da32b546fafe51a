package io.clickstream.sink.support;

import io.quarkus.test.common.http.TestHTTPResourceManager;

/**
 * URLs on the management interface, where health and metrics are served. Tests give it a random port
 * ({@code quarkus.management.test-port=0}); Quarkus resolves the port it really got.
 */
public final class Management {

    private Management() {
    }

    /** @param path under the management root, e.g. {@code /health/ready} for {@code /q/health/ready} */
    public static String url(String path) {
        return TestHTTPResourceManager.getManagementUri() + path;
    }
}
