package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;

/** Ports, probes, scrape annotations, Services, Ingress and PodMonitors agree with the services' application.properties. */
class ContractTest {

    static List<String> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void manifestsAgreeWithTheServices(String variant) {
        List<String> violations = ContractCheck.violations(Kustomize.render(variant));
        assertThat(violations).withFailMessage("disagreements with the services in %s:%s", variant, Fixtures.lines(violations)).isEmpty();
    }

    // --- the check can fail ---

    @Test
    void aProbeOnTheHttpPortOrPathIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ObjectNode get = (ObjectNode) Fixtures.container(objects, "sink").path("readinessProbe").path("httpGet");
        get.put("port", "http");
        get.put("path", "/q/health");
        assertThat(ContractCheck.violations(objects)).containsExactlyInAnyOrder(
                "local: Deployment/sink, container sink: readinessProbe.httpGet.path is \"/q/health\", expected /q/health/ready",
                "local: Deployment/sink, container sink: readinessProbe.httpGet.port is \"http\", expected the management port 9082");
    }

    @Test
    void aWrongContainerPortOrAnnotationIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ((ObjectNode) Fixtures.container(objects, "producer").path("ports").get(1)).put("containerPort", 9000);
        ((ObjectNode) Fixtures.object(objects, "Deployment", "dashboard").node().at("/spec/template/metadata/annotations"))
                .put("prometheus.io/port", "8080");
        assertThat(ContractCheck.violations(objects)).contains(
                "local: Deployment/producer, container producer: container port management is 9000, the service listens on 9081",
                "local: Deployment/dashboard: pod template annotation prometheus.io/port is 8080, expected 9080");
    }

    @Test
    void aServiceExposingTheManagementPortIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ((com.fasterxml.jackson.databind.node.ArrayNode) Fixtures.object(objects, "Service", "sink").node().path("spec").path("ports")).addObject()
                .put("name", "metrics").put("port", 9082).put("targetPort", "management");
        assertThat(ContractCheck.violations(objects))
                .containsExactly("local: Service/sink: port metrics exposes the management port of local: Deployment/sink, container sink");
    }

    @Test
    void anIngressToTheManagementPortIsReported() {
        List<Manifest> objects = Fixtures.objects("aks");
        ((ObjectNode) Fixtures.object(objects, "Service", "dashboard").node().path("spec").path("ports").get(0))
                .put("targetPort", 9080);
        assertThat(ContractCheck.violations(objects)).contains(
                "aks: Ingress/dashboard: exposes the management port of aks: Deployment/dashboard, container dashboard through aks: Service/dashboard");
    }

    @Test
    void aPodMonitorOnTheHttpPortIsReported() {
        List<Manifest> objects = Fixtures.objects("aks+monitoring");
        ((ObjectNode) Fixtures.object(objects, "PodMonitor", "clickstream").node().path("spec").path("podMetricsEndpoints").get(0))
                .put("port", "http");
        assertThat(ContractCheck.violations(objects)).containsExactly(
                "aks+monitoring: PodMonitor/clickstream: podMetricsEndpoints port is \"http\", expected the port named management");
    }
}
