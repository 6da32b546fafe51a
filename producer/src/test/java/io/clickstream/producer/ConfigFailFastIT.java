package io.clickstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration stops the packaged service at start-up with a message naming the key. */
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
    })
    void refusesToStart(String setting, String key) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + setting, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-Dkafka.bootstrap.servers=127.0.0.1:9",
                "-jar", jar.toString()));
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
