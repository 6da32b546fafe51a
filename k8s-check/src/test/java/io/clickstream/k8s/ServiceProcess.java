package io.clickstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clickstream.k8s.support.Repository;

/** A packaged service ({@code <service>/target/quarkus-app/quarkus-run.jar}) in its own JVM, with exactly the given environment. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the service; {@code httpPort} is passed as a system property, so the environment stays the given one. */
    static ServiceProcess start(String service, Map<String, String> env, int httpPort) {
        Path jar = Repository.module(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -pl k8s-check -am verify)");
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + httpPort, "-jar", jar.toString());
        try {
            Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(service + "-" + System.nanoTime() + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            // the container's environment and nothing else from this JVM's
            pb.environment().clear();
            pb.environment().putAll(env);
            return new ServiceProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code and body of {@code GET http://127.0.0.1:<port><path>}, or null while nothing answers. */
    HttpResponse<String> get(int port, String path) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the service exited with " + process.exitValue() + ", see " + log.toAbsolutePath());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
