package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.clickstream.k8s.support.Kustomize;

/** Every overlay (and every optional component an overlay offers) renders with {@code kubectl kustomize}. */
class RenderTest {

    static java.util.List<String> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void renders(String variant) {
        assertThat(Kustomize.render(variant)).as("objects rendered for %s", variant).isNotEmpty();
    }

    @Test
    void aBrokenOverlayFailsWithKubectlsMessage() throws Exception {
        Path dir = Files.createTempDirectory("broken-overlay");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - does-not-exist.yaml\n");
        assertThatThrownBy(() -> Kustomize.kubectlKustomize("broken", dir))
                .hasMessageContaining("overlay broken does not render")
                .hasMessageContaining("does-not-exist.yaml");
    }
}
