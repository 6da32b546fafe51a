package io.clickstream.k8s.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The pod templates of workload objects, and their containers. */
public final class Workloads {

    /** Where each workload kind keeps its pod template. */
    private static final Map<String, String> POD_TEMPLATE = Map.of(
            "Deployment", "/spec/template",
            "StatefulSet", "/spec/template",
            "DaemonSet", "/spec/template",
            "ReplicaSet", "/spec/template",
            "Job", "/spec/template",
            "CronJob", "/spec/jobTemplate/spec/template");

    private Workloads() {
    }

    /** A container of a workload: {@code init} for init containers. */
    public record Container(Manifest workload, ObjectNode podTemplate, ObjectNode node, boolean init) {

        public String name() {
            return node.path("name").asText();
        }

        public ObjectNode podSpec() {
            return (ObjectNode) podTemplate.path("spec");
        }

        /** How failure messages name it: {@code aks: Deployment/sink, container sink}. */
        public String id() {
            return workload.id() + ", " + (init ? "init container " : "container ") + name();
        }

        /** The container port of this name, if declared. */
        public Optional<Integer> port(String portName) {
            for (JsonNode p : node.path("ports")) {
                if (portName.equals(p.path("name").asText())) {
                    return Optional.of(p.path("containerPort").asInt());
                }
            }
            return Optional.empty();
        }
    }

    public static boolean isWorkload(Manifest m) {
        return POD_TEMPLATE.containsKey(m.kind()) || m.kind().equals("Pod");
    }

    /** The pod template (for a Pod: the Pod itself). */
    public static ObjectNode podTemplate(Manifest m) {
        JsonNode t = m.kind().equals("Pod") ? m.node() : m.node().at(POD_TEMPLATE.get(m.kind()));
        if (!(t instanceof ObjectNode o)) {
            throw new AssertionError(m.id() + ": no pod template at " + POD_TEMPLATE.get(m.kind()));
        }
        return o;
    }

    /** Every container and init container of every workload among the objects. */
    public static List<Container> containers(List<Manifest> objects) {
        List<Container> all = new ArrayList<>();
        for (Manifest m : objects) {
            if (!isWorkload(m)) {
                continue;
            }
            ObjectNode template = podTemplate(m);
            for (JsonNode c : template.path("spec").path("initContainers")) {
                all.add(new Container(m, template, (ObjectNode) c, true));
            }
            for (JsonNode c : template.path("spec").path("containers")) {
                all.add(new Container(m, template, (ObjectNode) c, false));
            }
        }
        return all;
    }
}
