package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;

/** Every container of every workload meets the restricted Pod Security profile and has probes, resources and /tmp. */
class HardeningTest {

    static List<String> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyContainerIsHardened(String variant) {
        List<Manifest> objects = Kustomize.render(variant);
        assertThat(objects).as("%s renders workloads", variant).anyMatch(io.clickstream.k8s.support.Workloads::isWorkload);
        List<String> violations = HardeningCheck.violations(objects);
        assertThat(violations).withFailMessage("hardening violations in %s:%s", variant, Fixtures.lines(violations)).isEmpty();
    }

    // --- the check can fail ---

    @Test
    void aContainerWithoutProbesIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ObjectNode sink = Fixtures.container(objects, "sink");
        sink.remove(List.of("startupProbe", "livenessProbe", "readinessProbe"));
        assertThat(HardeningCheck.violations(objects)).containsExactly(
                "local: Deployment/sink, container sink: startupProbe is missing",
                "local: Deployment/sink, container sink: livenessProbe is missing",
                "local: Deployment/sink, container sink: readinessProbe is missing");
    }

    @Test
    void aContainerWithoutSecurityContextIsReported() {
        List<Manifest> objects = Fixtures.objects("aks");
        Fixtures.container(objects, "producer").remove("securityContext");
        Fixtures.podSpec(objects, "producer").remove("securityContext");
        assertThat(HardeningCheck.violations(objects)).containsExactly(
                "aks: Deployment/producer, container producer: runAsNonRoot: true is set neither on the container nor on the pod",
                "aks: Deployment/producer, container producer: securityContext.readOnlyRootFilesystem is not true",
                "aks: Deployment/producer, container producer: securityContext.allowPrivilegeEscalation is not false",
                "aks: Deployment/producer, container producer: securityContext.capabilities.drop does not contain ALL",
                "aks: Deployment/producer, container producer: seccompProfile.type RuntimeDefault is set neither on the container nor on the pod");
    }

    @Test
    void aContainerWithoutLimitsOrTmpIsReported() {
        List<Manifest> objects = Fixtures.objects("local");
        ObjectNode dashboard = Fixtures.container(objects, "dashboard");
        ((ObjectNode) dashboard.path("resources")).remove("limits");
        dashboard.remove("volumeMounts");
        assertThat(HardeningCheck.violations(objects)).containsExactly(
                "local: Deployment/dashboard, container dashboard: resources.limits.cpu is missing",
                "local: Deployment/dashboard, container dashboard: resources.limits.memory is missing",
                "local: Deployment/dashboard, container dashboard: no writable volume is mounted at /tmp");
    }

    @Test
    void anInitContainerIsCheckedToo() {
        List<Manifest> objects = Fixtures.objects("local");
        Fixtures.podSpec(objects, "sink").putArray("initContainers").addObject().put("name", "wait").put("image", "busybox");
        assertThat(HardeningCheck.violations(objects))
                .contains("local: Deployment/sink, init container wait: securityContext.readOnlyRootFilesystem is not true",
                        "local: Deployment/sink, init container wait: resources.requests.memory is missing")
                .noneMatch(v -> v.contains("init container wait: livenessProbe"));
    }
}
