package io.clickstream.kafka.local;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the packaged application of a {@code @QuarkusIntegrationTest} a free management port and tells the test
 * where it is ({@link #url(String)}). Quarkus's launchers hand the application its HTTP test port but not a
 * management one, so without this it would bind its production management port, and the test could not know it.
 */
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    private static final String URL_PROPERTY = "clickstream.test.management-url";

    @Override
    public Map<String, String> start() {
        int port = KafkaBroker.freePort();
        System.setProperty(URL_PROPERTY, "http://localhost:" + port + "/q");
        return Map.of("quarkus.management.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        System.clearProperty(URL_PROPERTY);
    }

    /**
     * @param path under the management root, e.g. {@code /health/ready}
     * @return the URL on the port this resource gave the application, or null if it did not run
     */
    public static String url(String path) {
        String root = System.getProperty(URL_PROPERTY);
        return root == null ? null : root + path;
    }
}
