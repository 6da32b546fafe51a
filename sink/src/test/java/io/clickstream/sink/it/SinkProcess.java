package io.clickstream.sink.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged sink ({@code target/quarkus-app/quarkus-run.jar}) running in its own JVM. */
final class SinkProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private SinkProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    static SinkProcess start(String name, String bootstrap, String tableUri, Map<String, String> props) {
        return start(name, bootstrap, tableUri, props, "256m");
    }

    /** @param heap the JVM's maximum heap ({@code -Xmx}); running out of it ends the process */
    static SinkProcess start(String name, String bootstrap, String tableUri, Map<String, String> props, String heap) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first (./mvnw -pl sink verify)");
        }
        int port = freePort();
        int managementPort = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dsink.table-uri=" + tableUri,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dsink.batch.max-age=500ms",
                "-Dmp.messaging.incoming.clicks.max.poll.records=500",
                // a killed member's partitions move on after 6 s instead of 10 s
                "-Dmp.messaging.incoming.clicks.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.clicks.heartbeat.interval.ms=1000"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name + "-" + System.nanoTime() + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new SinkProcess(p, port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /api/sink}, or null while the process is not answering. */
    String status() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sink"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The management interface: {@code /q/health/*} and {@code /q/metrics}. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** {@code GET} on the management interface, whatever the status. */
    HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of every number the regex's first group matches in {@code text} (0 if none). */
    static double sum(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(String.valueOf(text));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** A Prometheus metric's value, summed over its labels (0 if absent). */
    static double metric(String metrics, String name) {
        return sum(metrics, "(?m)^" + java.util.regex.Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    File log() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
