package io.clickstream.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The module's packaged service ({@code target/quarkus-app/quarkus-run.jar}) in a JVM of its own, configured the
 * way Kubernetes configures it: through environment variables. Inherited {@code KAFKA_*} variables are dropped, so
 * the service sees only the Kafka settings the test gives.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private PackagedService(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * @param name             names the log file, {@code target/it-logs/<name>-<nanos>.log}
     * @param environment      added to the inherited environment (minus its {@code KAFKA_*} variables)
     * @param systemProperties passed as {@code -D}; the HTTP and management ports are chosen here (free ones, so that
     *                         nothing else on the machine, a {@code ./run.sh} or another test, is in the way)
     */
    public static PackagedService start(String name, Map<String, String> environment, Map<String, String> systemProperties) {
        return start(Path.of("target", "quarkus-app", "quarkus-run.jar"), name, environment, systemProperties);
    }

    /** As {@link #start(String, Map, Map)}, for the packaged application {@code jar} (another module's). */
    public static PackagedService start(Path jar, String name, Map<String, String> environment,
            Map<String, String> systemProperties) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first (./mvnw verify)");
        }
        int port = KafkaBroker.freePort();
        int managementPort = KafkaBroker.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name + "-" + System.nanoTime() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("KAFKA_"));
            builder.environment().putAll(environment);
            return new PackagedService(builder.start(), port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: {@code /q/health/*} and {@code /q/metrics}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The body of a {@code GET} on {@code path} when it answers 200, otherwise null (not up yet, or failing). */
    public String get(String path) {
        return getUrl(baseUrl() + path);
    }

    /** The HTTP status of {@code GET /q/health/<check>} on the management port; -1 while it does not answer. */
    public int health(String check) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/" + check))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String getUrl(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the service has printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL if it has not stopped after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
