package io.clickstream.k8s.support;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.k8s.support.Workloads.Container;

/**
 * The environment a container gets from its manifest: envFrom ConfigMaps first, then env (which wins), resolved.
 * Values from Secrets (which the user creates, so no manifest holds them) are supplied by the caller.
 */
public final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    public static Map<String, String> of(List<Manifest> objects, String service) {
        return of(objects, service, Map.of());
    }

    /** @param secrets the values of the Secrets the container takes, by {@code <secret name>/<key>} */
    public static Map<String, String> of(List<Manifest> objects, String service, Map<String, String> secrets) {
        Container c = Workloads.containers(objects).stream().filter(x -> !x.init() && x.name().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + service + " rendered"));
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : c.node().path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText(null);
            if (name == null) {
                throw new AssertionError(c.id() + ": only envFrom configMapRef can be resolved here: " + from);
            }
            JsonNode data = configMap(objects, c, name).path("data");
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                env.put(from.path("prefix").asText("") + e.getKey(), e.getValue().asText());
            }
        }
        for (JsonNode e : c.node().path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.path("value").asText());
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                env.put(name, configMap(objects, c, ref.path("name").asText()).path("data").path(ref.path("key").asText()).asText());
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                String secret = ref.path("name").asText() + "/" + ref.path("key").asText();
                if (!secrets.containsKey(secret)) {
                    throw new AssertionError(c.id() + ": env " + name + " comes from Secret key " + secret
                            + ", which the caller must supply");
                }
                env.put(name, secrets.get(secret));
            } else {
                throw new AssertionError(c.id() + ": env " + name + " cannot be resolved without a cluster: " + e);
            }
        }
        return env;
    }

    private static JsonNode configMap(List<Manifest> objects, Container c, String name) {
        return Manifest.find(objects, "ConfigMap", name)
                .orElseThrow(() -> new AssertionError(c.id() + ": ConfigMap " + name + " is not rendered")).node();
    }
}
