package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;

/** Every rendered object is valid against its real schema, strictly; a kind without a schema is an error. */
class SchemaTest {

    static List<String> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyObjectMatchesItsSchema(String variant) {
        List<String> violations = SchemaCheck.violations(Kustomize.render(variant));
        assertThat(violations).withFailMessage("schema violations in %s:%s", variant, Fixtures.lines(violations)).isEmpty();
    }

    // --- the check can fail ---

    @Test
    void anUnknownFieldIsAnError() {
        List<Manifest> objects = Fixtures.objects("local");
        Fixtures.container(objects, "sink").with("livenessProbe").with("httpGet").put("prot", 9082);
        assertThat(SchemaCheck.violations(objects))
                .contains("local: Deployment/sink: /spec/template/spec/containers/0/livenessProbe/httpGet/prot: unknown field");
    }

    @Test
    void anUnknownTopLevelFieldIsAnError() {
        List<Manifest> objects = Fixtures.objects("local");
        Fixtures.object(objects, "Service", "producer").node().put("specs", "x");
        assertThat(SchemaCheck.violations(objects)).contains("local: Service/producer: /specs: unknown field");
    }

    @Test
    void aWrongTypeIsAnError() {
        List<Manifest> objects = Fixtures.objects("local");
        ((ObjectNode) Fixtures.container(objects, "producer").path("ports").get(0)).put("containerPort", "8081");
        assertThat(SchemaCheck.violations(objects))
                .contains("local: Deployment/producer: /spec/template/spec/containers/0/ports/0/containerPort must be integer");
    }

    @Test
    void aMissingRequiredFieldIsAnError() {
        List<Manifest> objects = Fixtures.objects("local");
        Fixtures.container(objects, "dashboard").remove("name");
        assertThat(SchemaCheck.violations(objects))
                .contains("local: Deployment/dashboard: /spec/template/spec/containers/0 must have required property name");
    }

    @Test
    void anUnknownFieldInAKedaObjectIsAnError() {
        List<Manifest> objects = Fixtures.objects("aks");
        ((ObjectNode) Fixtures.object(objects, "ScaledObject", "sink").node().path("spec")).put("maxReplicas", 3);
        assertThat(SchemaCheck.violations(objects)).contains("aks: ScaledObject/sink: /spec/maxReplicas: unknown field");
    }

    @Test
    void anInvalidPodMonitorIsAnError() {
        List<Manifest> objects = Fixtures.objects("aks+monitoring");
        ((ObjectNode) Fixtures.object(objects, "PodMonitor", "clickstream").node().path("spec").path("podMetricsEndpoints").get(0))
                .put("scheme", "ftp");
        assertThat(SchemaCheck.violations(objects)).anyMatch(v -> v.startsWith("aks+monitoring: PodMonitor/clickstream: ")
                && v.contains("/spec/podMetricsEndpoints/0/scheme"));
    }

    @Test
    void aKindWithoutSchemaIsAnError() {
        List<Manifest> objects = Fixtures.objects("local");
        ObjectNode widget = objects.get(0).node().objectNode();
        widget.put("apiVersion", "example.com/v1").put("kind", "Widget").putObject("metadata").put("name", "w");
        List<Manifest> withWidget = new java.util.ArrayList<>(objects);
        withWidget.add(new Manifest("local", widget));
        assertThat(SchemaCheck.violations(withWidget))
                .contains("local: Widget/w: no schema for apiVersion example.com/v1, kind Widget");
    }
}
