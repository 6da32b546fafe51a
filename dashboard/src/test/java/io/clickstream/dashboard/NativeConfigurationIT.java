package io.clickstream.dashboard;

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

/**
 * The native-image inputs the build generates in {@code target/native-sources/} (no binary can be linked here)
 * keep what the native dashboard needs: the types Jackson writes by reflection, and the page's files.
 */
class NativeConfigurationIT {

    private static final Path SOURCES = Path.of("target", "native-sources");

    @Test
    void jsonTypesAreRegisteredForReflection() throws IOException {
        JsonNode reflection = new ObjectMapper().readTree(runnerJarEntry("META-INF/native-image/reflect-config.json"));
        List<String> types = List.of("io.clickstream.contract.ClickEvent", "io.clickstream.contract.EventType",
                "io.clickstream.contract.Device", "io.clickstream.dashboard.kafka.StreamJson$OmitNulls",
                "io.clickstream.dashboard.stats.StatsSnapshot", "io.clickstream.dashboard.stats.StatsSnapshot$Clients",
                "io.clickstream.dashboard.state.WindowStats", "io.clickstream.dashboard.state.WindowStats$StoreRate",
                "io.clickstream.dashboard.state.WindowStats$ProductCount",
                "io.clickstream.dashboard.state.WindowStats$CategoryCount",
                "io.clickstream.dashboard.state.WindowStats$Attribution",
                "io.clickstream.dashboard.state.WindowStats$FunnelStep",
                "io.clickstream.dashboard.state.WindowStats$Funnel", "io.clickstream.dashboard.state.RatePoint",
                "io.clickstream.dashboard.kafka.SinkLag", "io.clickstream.dashboard.kafka.SinkLag$PartitionLag");
        for (String type : types) {
            JsonNode entry = null;
            for (JsonNode e : reflection) {
                if (e.path("name").asText().equals(type)) {
                    entry = e;
                }
            }
            assertThat(entry).as("reflection entry of %s", type).isNotNull();
            assertThat(entry.path("allDeclaredConstructors").asBoolean()).as(type).isTrue();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(type).isTrue();
            assertThat(entry.path("allDeclaredFields").asBoolean()).as(type).isTrue();
        }
    }

    @Test
    void thePageAndItsChartLibraryAreResources() throws IOException {
        String resources = runnerJarEntry("META-INF/native-image/resource-config.json");
        assertThat(resources).contains("META-INF/resources/index.html", "META-INF/resources/dashboard.js",
                "META-INF/resources/dashboard.css", "/dist/chart.umd.min.js");
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
