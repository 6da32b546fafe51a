package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the packaged sink with settings that must stop it, and returns what it printed once it has stopped. */
final class StartupFailure {

    private StartupFailure() {
    }

    /** @param settings {@code key=value} system properties; the Kafka address is one where nothing listens */
    static String output(List<String> settings) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-Dkafka.bootstrap.servers=127.0.0.1:9"));
        settings.forEach(s -> command.add("-D" + s));
        command.add("-jar");
        command.add(jar.toString());
        File log = Files.createTempFile("sink-startup", ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(exited).as("the sink should stop by itself; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isNotZero();
        return output;
    }
}
