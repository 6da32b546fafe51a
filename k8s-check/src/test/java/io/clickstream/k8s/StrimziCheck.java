package io.clickstream.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.k8s.support.Manifest;

/**
 * The required fields of Strimzi's {@code kafka.strimzi.io/v1} API (no schema package for it exists on npm or Maven
 * Central): every resource has a {@code spec}; node pools have replicas, roles and storage; a Kafka has listeners;
 * node pools, topics and users name an existing Kafka in {@code strimzi.io/cluster}; users need what the Kafka
 * must offer for them (a SCRAM listener, simple authorization, the User Operator).
 */
final class StrimziCheck {

    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final String CLUSTER_LABEL = "strimzi.io/cluster";
    private static final Set<String> KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser");
    private static final Set<String> ROLES = Set.of("controller", "broker");
    private static final List<String> STORAGE = List.of("jbod", "ephemeral", "persistent-claim");
    private static final Set<String> ACL_OPERATIONS = Set.of("Read", "Write", "Create", "Delete", "Alter", "Describe",
            "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All");
    private static final Set<String> ACL_RESOURCES = Set.of("topic", "group", "cluster", "transactionalId");

    private StrimziCheck() {
    }

    static boolean isStrimzi(Manifest m) {
        return m.apiVersion().startsWith("kafka.strimzi.io/");
    }

    static List<String> violations(Manifest m, List<Manifest> all) {
        List<String> v = new ArrayList<>();
        if (!m.apiVersion().equals(API_VERSION)) {
            v.add(m.id() + ": apiVersion " + m.apiVersion() + " is not served by Strimzi 1.x; use " + API_VERSION);
        }
        if (!KINDS.contains(m.kind())) {
            v.add(m.id() + ": no check for Strimzi kind " + m.kind() + " (add its required fields to StrimziCheck)");
            return v;
        }
        JsonNode spec = m.node().path("spec");
        if (!spec.isObject()) {
            v.add(m.id() + ": spec is missing");
            return v;
        }
        switch (m.kind()) {
            case "Kafka" -> kafka(m, spec, all, v);
            case "KafkaNodePool" -> nodePool(m, spec, all, v);
            case "KafkaTopic" -> cluster(m, all, v);
            case "KafkaUser" -> user(m, spec, all, v);
            default -> throw new IllegalStateException(m.kind());
        }
        return v;
    }

    private static void kafka(Manifest m, JsonNode spec, List<Manifest> all, List<String> v) {
        JsonNode listeners = spec.path("kafka").path("listeners");
        if (!listeners.isArray() || listeners.isEmpty()) {
            v.add(m.id() + ": spec.kafka.listeners is missing or empty");
        }
        for (JsonNode l : listeners) {
            String at = m.id() + ": spec.kafka.listeners[" + l.path("name").asText("?") + "]";
            if (!l.path("name").isTextual() || !l.path("name").asText().matches("[a-z0-9]{1,11}")) {
                v.add(at + ".name must be 1-11 lower-case letters or digits");
            }
            if (!l.path("port").isInt()) {
                v.add(at + ".port is missing or not an integer");
            }
            if (!l.path("type").isTextual()) {
                v.add(at + ".type is missing");
            }
            if (!l.path("tls").isBoolean()) {
                v.add(at + ".tls is missing or not a boolean");
            }
        }
        for (String role : ROLES) {
            boolean served = pools(m.name(), all).anyMatch(p -> contains(p.node().path("spec").path("roles"), role));
            if (!served) {
                v.add(m.id() + ": no KafkaNodePool labelled " + CLUSTER_LABEL + "=" + m.name() + " has the role " + role);
            }
        }
        if (all.stream().anyMatch(o -> o.kind().equals("KafkaTopic") && m.name().equals(label(o)))
                && !spec.path("entityOperator").has("topicOperator")) {
            v.add(m.id() + ": KafkaTopics need spec.entityOperator.topicOperator");
        }
    }

    private static void nodePool(Manifest m, JsonNode spec, List<Manifest> all, List<String> v) {
        if (!spec.path("replicas").isInt() || spec.path("replicas").asInt() < 0) {
            v.add(m.id() + ": spec.replicas is missing or not a non-negative integer");
        }
        JsonNode roles = spec.path("roles");
        if (!roles.isArray() || roles.isEmpty()) {
            v.add(m.id() + ": spec.roles is missing or empty (controller, broker)");
        }
        for (JsonNode r : roles) {
            if (!ROLES.contains(r.asText())) {
                v.add(m.id() + ": spec.roles has " + r + "; allowed: " + ROLES);
            }
        }
        JsonNode storage = spec.path("storage");
        if (!STORAGE.contains(storage.path("type").asText())) {
            v.add(m.id() + ": spec.storage.type is missing or not one of " + STORAGE);
        } else if (storage.path("type").asText().equals("jbod") && storage.path("volumes").isEmpty()) {
            v.add(m.id() + ": spec.storage.volumes is missing or empty (jbod)");
        }
        cluster(m, all, v);
    }

    private static void user(Manifest m, JsonNode spec, List<Manifest> all, List<String> v) {
        Optional<Manifest> kafka = cluster(m, all, v);
        if (kafka.isEmpty()) {
            return;
        }
        JsonNode kspec = kafka.get().node().path("spec");
        if (!kspec.path("entityOperator").has("userOperator")) {
            v.add(m.id() + ": Kafka/" + kafka.get().name() + " has no spec.entityOperator.userOperator to manage users");
        }
        String authn = spec.path("authentication").path("type").asText(null);
        if (authn != null) {
            boolean listener = false;
            for (JsonNode l : kspec.path("kafka").path("listeners")) {
                listener |= authn.equals(l.path("authentication").path("type").asText());
            }
            if (!listener) {
                v.add(m.id() + ": spec.authentication.type " + authn + " but no listener of Kafka/" + kafka.get().name()
                        + " has authentication.type " + authn);
            }
        }
        JsonNode authz = spec.path("authorization");
        if (authz.isObject()) {
            String type = authz.path("type").asText();
            if (!type.equals(kspec.path("kafka").path("authorization").path("type").asText())) {
                v.add(m.id() + ": spec.authorization.type " + type + " needs spec.kafka.authorization.type " + type
                        + " in Kafka/" + kafka.get().name());
            }
            for (JsonNode acl : authz.path("acls")) {
                if (!ACL_RESOURCES.contains(acl.path("resource").path("type").asText())) {
                    v.add(m.id() + ": ACL resource.type " + acl.path("resource").path("type") + " not one of " + ACL_RESOURCES);
                }
                if (!acl.path("operations").isArray() || acl.path("operations").isEmpty()) {
                    v.add(m.id() + ": ACL on " + acl.path("resource").path("name") + " has no operations");
                }
                for (JsonNode op : acl.path("operations")) {
                    if (!ACL_OPERATIONS.contains(op.asText())) {
                        v.add(m.id() + ": ACL operation " + op + " not one of " + ACL_OPERATIONS);
                    }
                }
            }
        }
    }

    /** The Kafka the object's {@code strimzi.io/cluster} label names, reporting when it is missing. */
    private static Optional<Manifest> cluster(Manifest m, List<Manifest> all, List<String> v) {
        String name = label(m);
        if (name == null) {
            v.add(m.id() + ": label " + CLUSTER_LABEL + " is missing");
            return Optional.empty();
        }
        Optional<Manifest> kafka = Manifest.find(all, "Kafka", name);
        if (kafka.isEmpty()) {
            v.add(m.id() + ": label " + CLUSTER_LABEL + "=" + name + " names no Kafka of this overlay");
        }
        return kafka;
    }

    private static String label(Manifest m) {
        return Manifest.text(m.node().path("metadata").path("labels"), CLUSTER_LABEL);
    }

    private static java.util.stream.Stream<Manifest> pools(String cluster, List<Manifest> all) {
        return all.stream().filter(o -> o.kind().equals("KafkaNodePool") && cluster.equals(label(o)));
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
