package io.clickstream.sink.it;

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

/** Bad configuration stops the packaged sink at start-up with a message naming the key. */
class SinkConfigFailFastIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sink.compaction.min-files=1                | sink.compaction.min-files",
            "sink.compaction.min-files=0                | sink.compaction.min-files",
            "sink.compaction.target-file-bytes=-5       | sink.compaction.target-file-bytes",
            "sink.compaction.interval=0s                | sink.compaction.interval",
            "sink.compaction.target-file-bytes=1000     | sink.compaction.target-file-bytes",
            "sink.vacuum.retention=30m                  | sink.vacuum.retention",
            "sink.vacuum.interval=10s                   | sink.vacuum.interval",
    })
    void refusesToStart(String setting, String key) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        Path table = Files.createTempDirectory("config-").resolve("clicks");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + setting, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                "-Dkafka.bootstrap.servers=127.0.0.1:9",
                "-Dsink.table-uri=" + table, "-jar", jar.toString()));
        File log = Files.createTempFile("sink-config", ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(exited).as("the sink should stop by itself; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains(key);
    }
}
