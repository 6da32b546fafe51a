package io.clickstream.k8s;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Workloads;
import io.clickstream.k8s.support.Workloads.Container;

/**
 * The Pod Security Standard "restricted" and our own rules, on every container and init container of every
 * workload: non-root, read-only root filesystem, no privilege escalation, all capabilities dropped, the runtime's
 * seccomp profile, requests and limits, the three probes (not on init containers, where Kubernetes allows none), and
 * a volume at /tmp (Quarkus/Vert.x write there even with a read-only root).
 */
final class HardeningCheck {

    private HardeningCheck() {
    }

    static List<String> violations(List<Manifest> objects) {
        List<String> v = new ArrayList<>();
        for (Container c : Workloads.containers(objects)) {
            JsonNode sc = c.node().path("securityContext");
            JsonNode podSc = c.podSpec().path("securityContext");
            if (!sc.path("runAsNonRoot").asBoolean(podSc.path("runAsNonRoot").asBoolean(false))) {
                v.add(c.id() + ": runAsNonRoot: true is set neither on the container nor on the pod");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                v.add(c.id() + ": securityContext.readOnlyRootFilesystem is not true");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                v.add(c.id() + ": securityContext.allowPrivilegeEscalation is not false");
            }
            boolean dropsAll = false;
            for (JsonNode cap : sc.path("capabilities").path("drop")) {
                dropsAll |= cap.asText().equals("ALL");
            }
            if (!dropsAll) {
                v.add(c.id() + ": securityContext.capabilities.drop does not contain ALL");
            }
            if (!sc.path("capabilities").path("add").isEmpty()) {
                v.add(c.id() + ": securityContext.capabilities.add is not empty");
            }
            String seccomp = sc.path("seccompProfile").path("type").asText(podSc.path("seccompProfile").path("type").asText(""));
            if (!seccomp.equals("RuntimeDefault")) {
                v.add(c.id() + ": seccompProfile.type RuntimeDefault is set neither on the container nor on the pod");
            }
            if (sc.path("privileged").asBoolean(false)) {
                v.add(c.id() + ": securityContext.privileged is true");
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (!c.node().path("resources").path(kind).hasNonNull(resource)) {
                        v.add(c.id() + ": resources." + kind + "." + resource + " is missing");
                    }
                }
            }
            if (!c.init()) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (!c.node().path(probe).isObject()) {
                        v.add(c.id() + ": " + probe + " is missing");
                    }
                }
            }
            if (!mountsWritableTmp(c)) {
                v.add(c.id() + ": no writable volume is mounted at /tmp");
            }
        }
        return v;
    }

    private static boolean mountsWritableTmp(Container c) {
        for (JsonNode mount : c.node().path("volumeMounts")) {
            if (mount.path("mountPath").asText().replaceAll("/$", "").equals("/tmp") && !mount.path("readOnly").asBoolean(false)) {
                for (JsonNode volume : c.podSpec().path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
