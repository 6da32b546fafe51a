package io.clickstream.sink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Gives the application a new, empty table location; exposes it as system property {@code test.table-uri}. */
public class TempTableResource implements QuarkusTestResourceLifecycleManager {

    public static final String PROPERTY = "test.table-uri";

    private String scheme = "file";

    @Override
    public void init(Map<String, String> initArgs) {
        scheme = initArgs.getOrDefault("scheme", "file");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("delta-").resolve("clicks");
            String uri = "file".equals(scheme) ? dir.toUri().toString() : scheme + "://" + dir;
            if (uri.endsWith("/")) {
                uri = uri.substring(0, uri.length() - 1);
            }
            System.setProperty(PROPERTY, uri);
            return Map.of("sink.table-uri", uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
