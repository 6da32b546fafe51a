package io.clickstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;

/**
 * The native-image inputs the build generates in {@code target/native-sources/} (no binary can be linked here)
 * keep what the native producer needs: the contract types for Jackson, and Kafka's SCRAM client for SASL.
 */
class NativeConfigurationIT {

    private static final Path SOURCES = Path.of("target", "native-sources");

    @Test
    void contractTypesAreRegisteredForReflection() throws IOException {
        JsonNode reflection = new ObjectMapper().readTree(runnerJarEntry("META-INF/native-image/reflect-config.json"));
        for (Class<?> type : List.of(ClickEvent.class, EventType.class, Device.class)) {
            JsonNode entry = null;
            for (JsonNode e : reflection) {
                if (e.path("name").asText().equals(type.getName())) {
                    entry = e;
                }
            }
            assertThat(entry).as("reflection entry of %s", type.getName()).isNotNull();
            assertThat(entry.path("allDeclaredConstructors").asBoolean()).as(type.getName()).isTrue();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(type.getName()).isTrue();
            assertThat(entry.path("allDeclaredFields").asBoolean()).as(type.getName()).isTrue();
        }
    }

    @Test
    void kafkaSaslProvidersAreInTheImage() throws IOException {
        String args = Files.readString(SOURCES.resolve("native-image.args"), StandardCharsets.UTF_8);
        assertThat(args).contains("--no-fallback")
                .containsPattern("AdditionalSecurityProviders=\\S*ScramSaslClientProvider");
    }

    private static String runnerJarEntry(String name) throws IOException {
        Path jar;
        try (var files = Files.list(SOURCES)) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no runner jar in " + SOURCES.toAbsolutePath()));
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(name);
            assertThat(entry).as("%s in %s", name, jar).isNotNull();
            return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
