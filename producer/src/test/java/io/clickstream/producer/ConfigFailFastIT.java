package io.clickstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration stops the packaged service (jar or native binary) at start-up with a message naming the key. */
class ConfigFailFastIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "producer.events-per-second=-1      | producer.events-per-second",
            "producer.events-per-second=lots    | producer.events-per-second",
            "producer.topic-partitions=0        | producer.topic-partitions",
            "producer.stores=Bad Store          | producer.stores",
            "producer.max-active-sessions=5     | producer.max-active-sessions",
            "kafka.security.protocol=SASL-SSL   | kafka.security.protocol",
            "kafka.security.protocol=SASL_SSL   | kafka.sasl.jaas.config",
            "producer.control.token=            | producer.control.token",
            "producer.control.token=short       | producer.control.token",
            "producer.control.auth=basic        | producer.control.auth",
    })
    void refusesToStart(String setting, String key) throws Exception {
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
        command.addAll(List.of("-Dproducer.control.token=" + ControlToken.TOKEN, "-D" + setting, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                "-Dkafka.bootstrap.servers=127.0.0.1:9"));
        if (!nativeBinary) {
            command.addAll(List.of("-jar", path.toString()));
        }
        File log = Files.createTempFile("producer-config", ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(exited).as("the service should stop by itself; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains(key);
    }
}
