package io.clickstream.k8s;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Repository;
import io.clickstream.k8s.support.ServiceConfig;
import io.clickstream.k8s.support.Workloads;
import io.clickstream.k8s.support.Workloads.Container;

/**
 * Every environment variable a container gets ({@code env}, and the keys of ConfigMaps it takes with
 * {@code envFrom}) is read by its service: referenced as {@code ${NAME}} in its application.properties, or the
 * environment form of a key declared there or in its {@code @ConfigMapping} interfaces (see {@link ServiceConfig}),
 * or one of the few variables read by something other than Quarkus ({@link #NOT_QUARKUS}). A misspelt or stale
 * variable would otherwise be ignored without a word. Service pods set {@code enableServiceLinks: false}: otherwise
 * Kubernetes adds {@code <SERVICE>_PORT}-style variables for every Service, which no manifest shows (a Service named
 * {@code sink} gives the sink {@code SINK_PORT}, inside its own {@code sink.*} configuration prefix).
 */
final class EnvironmentCheck {

    /** Variables read outside Quarkus's configuration: name, the services it applies to, who reads it. */
    record External(Set<String> services, String readBy) {
    }

    static final Map<String, External> NOT_QUARKUS = Map.of(
            "JAVA_OPTS_APPEND", new External(Set.of("producer", "sink", "dashboard"),
                    "the UBI OpenJDK image's start script: extra JVM options"),
            "JAVA_MAX_MEM_RATIO", new External(Set.of("producer", "sink", "dashboard"),
                    "the UBI OpenJDK image's start script: -XX:MaxRAMPercentage"),
            "JAVA_INITIAL_MEM_RATIO", new External(Set.of("producer", "sink", "dashboard"),
                    "the UBI OpenJDK image's start script: -XX:InitialRAMPercentage"),
            "GC_CONTAINER_OPTIONS", new External(Set.of("producer", "sink", "dashboard"),
                    "the UBI OpenJDK image's start script: the collector's options (its default is -XX:+UseParallelGC)"),
            "HADOOP_USER_NAME", new External(Set.of("sink"),
                    "Hadoop in the sink: its user lookup fails for a UID without a passwd entry"));

    private EnvironmentCheck() {
    }

    static List<String> violations(List<Manifest> objects) {
        List<String> v = new ArrayList<>();
        for (Container c : Workloads.containers(objects)) {
            boolean hasEnv = !c.node().path("env").isEmpty() || !c.node().path("envFrom").isEmpty();
            if (!Repository.isService(c.name())) {
                if (hasEnv) {
                    v.add(c.id() + ": not a service of this repository, so its environment cannot be checked");
                }
                continue;
            }
            ServiceConfig cfg = ServiceConfig.of(c.name());
            if (!c.init() && c.podSpec().path("enableServiceLinks").asBoolean(true)) {
                v.add(c.id() + ": the pod does not set enableServiceLinks: false, so Kubernetes adds a variable per Service");
            }
            for (JsonNode e : c.node().path("env")) {
                String name = e.path("name").asText();
                check(c, cfg, name, "env " + name, v);
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                if (ref.isObject() && !ref.path("optional").asBoolean(false)) {
                    Optional<Manifest> cm = Manifest.find(objects, "ConfigMap", ref.path("name").asText());
                    if (cm.isEmpty() || !cm.get().node().path("data").has(ref.path("key").asText())) {
                        v.add(c.id() + ": env " + name + " takes key " + ref.path("key").asText() + " of ConfigMap "
                                + ref.path("name").asText() + ", which this overlay does not have");
                    }
                }
            }
            for (JsonNode from : c.node().path("envFrom")) {
                String prefix = from.path("prefix").asText("");
                if (from.has("secretRef")) {
                    v.add(c.id() + ": envFrom secretRef " + from.path("secretRef").path("name").asText()
                            + ": its keys cannot be checked; take each key with env[].valueFrom.secretKeyRef");
                    continue;
                }
                JsonNode ref = from.path("configMapRef");
                Optional<Manifest> cm = Manifest.find(objects, "ConfigMap", ref.path("name").asText());
                if (cm.isEmpty()) {
                    if (!ref.path("optional").asBoolean(false)) {
                        v.add(c.id() + ": envFrom ConfigMap " + ref.path("name").asText() + " is not in this overlay");
                    }
                    continue;
                }
                for (Iterator<String> keys = cm.get().node().path("data").fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    check(c, cfg, prefix + key, "key " + key + " of ConfigMap " + cm.get().name() + " (envFrom)", v);
                }
            }
        }
        return v;
    }

    private static void check(Container c, ServiceConfig cfg, String name, String what, List<String> v) {
        External external = NOT_QUARKUS.get(name);
        if (external != null && external.services().contains(c.name())) {
            return;
        }
        if (!cfg.reads(name)) {
            v.add(c.id() + ": " + what + " maps to no configuration key of " + c.name()
                    + " (not ${" + name + "} in its application.properties, nor a key declared there or in its @ConfigMapping)");
        }
    }
}
