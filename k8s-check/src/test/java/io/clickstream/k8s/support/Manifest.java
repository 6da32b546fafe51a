package io.clickstream.k8s.support;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One rendered Kubernetes object of an overlay. The node is mutable, so negative tests can break a copy. */
public record Manifest(String overlay, ObjectNode node) {

    public String apiVersion() {
        return node.path("apiVersion").asText();
    }

    public String kind() {
        return node.path("kind").asText();
    }

    public String name() {
        return node.path("metadata").path("name").asText();
    }

    /** How failure messages name the object: {@code aks: Deployment/sink}. */
    public String id() {
        return overlay + ": " + kind() + "/" + name();
    }

    public Manifest copy() {
        return new Manifest(overlay, node.deepCopy());
    }

    public static Optional<Manifest> find(List<Manifest> objects, String kind, String name) {
        return objects.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** A text field of a node, or null when it is absent. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
