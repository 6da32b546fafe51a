package io.clickstream.k8s;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Workloads;

/** Rendered objects for the negative tests, which break a copy in memory and expect the check to say so. */
final class Fixtures {

    private Fixtures() {
    }

    /** A fresh copy of an overlay's objects. */
    static List<Manifest> objects(String variant) {
        return Kustomize.render(variant);
    }

    static Manifest object(List<Manifest> objects, String kind, String name) {
        return Manifest.find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    /** The container named after the service in its Deployment. */
    static ObjectNode container(List<Manifest> objects, String service) {
        for (JsonNode c : Workloads.podTemplate(object(objects, "Deployment", service)).path("spec").path("containers")) {
            if (c.path("name").asText().equals(service)) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("Deployment/" + service + " has no container " + service);
    }

    static ObjectNode podSpec(List<Manifest> objects, String service) {
        return (ObjectNode) Workloads.podTemplate(object(objects, "Deployment", service)).path("spec");
    }

    static String lines(List<String> violations) {
        return violations.isEmpty() ? "(none)" : "\n  " + String.join("\n  ", violations);
    }
}
