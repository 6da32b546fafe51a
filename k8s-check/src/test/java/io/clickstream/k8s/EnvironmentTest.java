package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.ServiceConfig;

/** Every environment variable a container gets is read by its service. */
class EnvironmentTest {

    static List<String> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVariableIsReadByItsService(String variant) {
        List<String> violations = EnvironmentCheck.violations(Kustomize.render(variant));
        assertThat(violations).withFailMessage("environment variables no service reads in %s:%s", variant, Fixtures.lines(violations))
                .isEmpty();
    }

    @Test
    void mappingKeysAndReferencesAreRead() {
        assertThat(ServiceConfig.of("producer").reads("PRODUCER_EVENTS_PER_SECOND")).isTrue();
        assertThat(ServiceConfig.of("sink").reads("SINK_BATCH_MAX_AGE")).as("a key of a nested mapping group").isTrue();
        assertThat(ServiceConfig.of("sink").reads("SINK_GROUP_ID")).as("${SINK_GROUP_ID:...} in application.properties").isTrue();
        assertThat(ServiceConfig.of("sink").reads("SINK_STORAGE_HADOOP_FS_AZURE_ABFS_ENDPOINT")).as("below a Map key").isTrue();
        assertThat(ServiceConfig.of("dashboard").reads("DASHBOARD_SINK_LAG_GROUP_ID")).isTrue();
        assertThat(ServiceConfig.of("dashboard").reads("PRODUCER_EVENTS_PER_SECOND")).as("another service's key").isFalse();
    }

    // --- the check can fail ---

    @Test
    void anEnvVariableTheServiceDoesNotReadIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ((com.fasterxml.jackson.databind.node.ArrayNode) Fixtures.container(objects, "producer").path("env")).addObject()
                .put("name", "PRODUCER_EVENTS_PER_SECONDS").put("value", "5");
        assertThat(EnvironmentCheck.violations(objects)).containsExactly(
                "local: Deployment/producer, container producer: env PRODUCER_EVENTS_PER_SECONDS maps to no configuration key of producer"
                        + " (not ${PRODUCER_EVENTS_PER_SECONDS} in its application.properties, nor a key declared there or in its @ConfigMapping)");
    }

    @Test
    void aConfigMapKeyTheServiceDoesNotReadIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ((ObjectNode) Fixtures.object(objects, "ConfigMap", "dashboard-config").node().path("data")).put("SINK_GROUP_ID", "g");
        assertThat(EnvironmentCheck.violations(objects)).singleElement().asString()
                .startsWith("local: Deployment/dashboard, container dashboard: key SINK_GROUP_ID of ConfigMap dashboard-config (envFrom)"
                        + " maps to no configuration key of dashboard");
    }

    @Test
    void anExternalVariableIsAllowedOnlyWhereItIsRead() {
        List<Manifest> objects = Fixtures.objects("local");
        ((com.fasterxml.jackson.databind.node.ArrayNode) Fixtures.container(objects, "producer").path("env")).addObject()
                .put("name", "HADOOP_USER_NAME").put("value", "x");
        assertThat(EnvironmentCheck.violations(objects)).singleElement().asString()
                .startsWith("local: Deployment/producer, container producer: env HADOOP_USER_NAME maps to no configuration key");
    }

    @Test
    void servicePodsWithServiceLinksAreReported() {
        List<Manifest> objects = Fixtures.objects("local");
        Fixtures.podSpec(objects, "sink").remove("enableServiceLinks");
        assertThat(EnvironmentCheck.violations(objects)).containsExactly(
                "local: Deployment/sink, container sink: the pod does not set enableServiceLinks: false, so Kubernetes adds a variable per Service");
    }

    @Test
    void aMissingEnvFromConfigMapIsReported() {
        List<Manifest> objects = new java.util.ArrayList<>(Fixtures.objects("local"));
        objects.removeIf(m -> m.kind().equals("ConfigMap") && m.name().equals("sink-config"));
        assertThat(EnvironmentCheck.violations(objects))
                .containsExactly("local: Deployment/sink, container sink: envFrom ConfigMap sink-config is not in this overlay");
    }
}
