package io.clickstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad configuration stops the packaged service (jar or native binary) at start-up with a message naming the key.
 * Every case is a process of its own; they are all started at once, before the first case checks its own.
 */
class ConfigFailFastIT {

    /** A bad setting, and the key its error must name. */
    private static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        CASES.put("producer.events-per-second=-1", "producer.events-per-second");
        CASES.put("producer.events-per-second=lots", "producer.events-per-second");
        CASES.put("producer.topic-partitions=0", "producer.topic-partitions");
        CASES.put("producer.stores=Bad Store", "producer.stores");
        CASES.put("producer.max-active-sessions=5", "producer.max-active-sessions");
        CASES.put("kafka.security.protocol=SASL-SSL", "kafka.security.protocol");
        CASES.put("kafka.security.protocol=SASL_SSL", "kafka.sasl.jaas.config");
        CASES.put("producer.control.token=", "producer.control.token");
        CASES.put("producer.control.token=short", "producer.control.token");
        CASES.put("producer.control.auth=basic", "producer.control.auth");
    }

    private record Started(Process process, File log) {
    }

    private static final Map<String, Started> STARTED = new LinkedHashMap<>();

    static Stream<Arguments> cases() {
        return CASES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @BeforeAll
    static void startAll() throws IOException {
        for (String setting : CASES.keySet()) {
            File log = Files.createTempFile("producer-config", ".log").toFile();
            Process process = new ProcessBuilder(command(setting)).redirectErrorStream(true).redirectOutput(log).start();
            STARTED.put(setting, new Started(process, log));
        }
    }

    @AfterAll
    static void stopAll() {
        STARTED.values().forEach(s -> s.process().destroyForcibly());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void refusesToStart(String setting, String key) throws Exception {
        Started started = STARTED.get(setting);
        boolean exited = started.process().waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            started.process().destroyForcibly();
        }
        String output = Files.readString(started.log().toPath(), StandardCharsets.UTF_8);
        assertThat(exited).as("the service should stop by itself; output:%n%s", output).isTrue();
        assertThat(started.process().exitValue()).isNotZero();
        assertThat(output).contains(key);
    }

    private static List<String> command(String setting) throws IOException {
        List<String> command = new ArrayList<>();
        // the artifact the build made last: the jar, or the native binary under -Dnative
        Properties artifact = new Properties();
        try (var in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path"));
        assertThat(path).exists();
        boolean nativeBinary = "native".equals(artifact.getProperty("type"));
        command.add(nativeBinary ? path.toString() : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a valid token first, so each case fails for its own setting (a later -D of the same key wins)
        command.addAll(List.of("-Dproducer.control.token=" + ControlToken.TOKEN, "-D" + setting, "-Dquarkus.http.port=0",
                "-Dquarkus.management.port=0", "-Dkafka.bootstrap.servers=127.0.0.1:9"));
        if (!nativeBinary) {
            // a short-lived process: the quick compiler only, as the other tests' service processes
            command.add(1, "-XX:TieredStopAtLevel=1");
            command.addAll(List.of("-jar", path.toString()));
        }
        return command;
    }
}
