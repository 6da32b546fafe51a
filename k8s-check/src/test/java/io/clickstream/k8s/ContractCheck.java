package io.clickstream.k8s;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Repository;
import io.clickstream.k8s.support.ServiceConfig;
import io.clickstream.k8s.support.Workloads;
import io.clickstream.k8s.support.Workloads.Container;

/**
 * The manifests agree with the services' own {@code application.properties}: the {@code http} and
 * {@code management} container ports are {@code quarkus.http.port} and {@code quarkus.management.port}; the probes
 * and the Prometheus annotations use the management port; Services and the Ingress reach only the http port;
 * PodMonitors scrape the {@code management} port's {@code /q/metrics}.
 */
final class ContractCheck {

    static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");
    static final String METRICS = "/q/metrics";

    private ContractCheck() {
    }

    static List<String> violations(List<Manifest> objects) {
        List<String> v = new ArrayList<>();
        List<Container> services = Workloads.containers(objects).stream()
                .filter(c -> !c.init() && Repository.isService(c.name())).toList();
        for (Container c : services) {
            containerPorts(c, v);
        }
        for (Manifest m : objects) {
            switch (m.kind()) {
                case "Service" -> service(m, services, v);
                case "Ingress" -> ingress(m, objects, services, v);
                case "PodMonitor" -> podMonitor(m, v);
                default -> { }
            }
        }
        return v;
    }

    private static void containerPorts(Container c, List<String> v) {
        ServiceConfig cfg = ServiceConfig.of(c.name());
        String props = c.name() + "/src/main/resources/application.properties";
        if (!cfg.managementEnabled()) {
            v.add(c.id() + ": " + props + " does not set quarkus.management.enabled=true");
        }
        Optional<Integer> http = cfg.httpPort();
        Optional<Integer> management = cfg.managementPort();
        if (http.isEmpty() || management.isEmpty()) {
            v.add(c.id() + ": " + props + " must set quarkus.http.port and quarkus.management.port");
            return;
        }
        expectPort(c, "http", http.get(), v);
        expectPort(c, "management", management.get(), v);
        for (Map.Entry<String, String> probe : PROBES.entrySet()) {
            JsonNode get = c.node().path(probe.getKey()).path("httpGet");
            if (get.isMissingNode()) {
                v.add(c.id() + ": " + probe.getKey() + ".httpGet is missing (expected " + probe.getValue() + " on the management port)");
                continue;
            }
            if (!probe.getValue().equals(get.path("path").asText())) {
                v.add(c.id() + ": " + probe.getKey() + ".httpGet.path is " + get.path("path") + ", expected " + probe.getValue());
            }
            if (!resolves(c, get.path("port"), management.get())) {
                v.add(c.id() + ": " + probe.getKey() + ".httpGet.port is " + get.path("port") + ", expected the management port "
                        + management.get());
            }
        }
        JsonNode annotations = c.podTemplate().path("metadata").path("annotations");
        expectAnnotation(c, annotations, "prometheus.io/scrape", "true", v);
        expectAnnotation(c, annotations, "prometheus.io/port", management.get().toString(), v);
        expectAnnotation(c, annotations, "prometheus.io/path", METRICS, v);
    }

    private static void expectPort(Container c, String name, int expected, List<String> v) {
        Optional<Integer> actual = c.port(name);
        if (actual.isEmpty()) {
            v.add(c.id() + ": no container port named " + name + " (expected " + expected + ")");
        } else if (actual.get() != expected) {
            v.add(c.id() + ": container port " + name + " is " + actual.get() + ", the service listens on " + expected);
        }
    }

    private static void expectAnnotation(Container c, JsonNode annotations, String key, String expected, List<String> v) {
        String actual = Manifest.text(annotations, key);
        if (!expected.equals(actual)) {
            v.add(c.workload().id() + ": pod template annotation " + key + " is " + actual + ", expected " + expected);
        }
    }

    /** Whether a port reference (a name or a number) of the container is the given port number. */
    private static boolean resolves(Container c, JsonNode port, int expected) {
        if (port.isInt()) {
            return port.asInt() == expected;
        }
        return c.port(port.asText()).map(p -> p == expected).orElse(false);
    }

    /** Every Service port reaches the selected service containers' http port, never the management port. */
    private static void service(Manifest svc, List<Container> services, List<String> v) {
        List<Container> selected = selected(svc, services);
        for (JsonNode port : svc.node().path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            for (Container c : selected) {
                ServiceConfig cfg = ServiceConfig.of(c.name());
                if (cfg.managementPort().isPresent() && resolves(c, target, cfg.managementPort().get())) {
                    v.add(svc.id() + ": port " + port.path("name").asText(port.path("port").asText()) + " exposes the management port of "
                            + c.id());
                } else if (cfg.httpPort().isEmpty() || !resolves(c, target, cfg.httpPort().get())) {
                    v.add(svc.id() + ": targetPort " + target + " does not resolve to the http port " + cfg.httpPort().orElse(null)
                            + " of " + c.id());
                }
            }
        }
    }

    /** No Ingress backend is a Service port that reaches a management port; every backend exists. */
    private static void ingress(Manifest ing, List<Manifest> objects, List<Container> services, List<String> v) {
        List<JsonNode> backends = new ArrayList<>();
        if (ing.node().path("spec").has("defaultBackend")) {
            backends.add(ing.node().path("spec").path("defaultBackend"));
        }
        for (JsonNode rule : ing.node().path("spec").path("rules")) {
            rule.path("http").path("paths").forEach(p -> backends.add(p.path("backend")));
        }
        for (JsonNode backend : backends) {
            JsonNode ref = backend.path("service");
            if (ref.isMissingNode()) {
                continue;
            }
            Optional<Manifest> svc = Manifest.find(objects, "Service", ref.path("name").asText());
            if (svc.isEmpty()) {
                v.add(ing.id() + ": backend Service " + ref.path("name").asText() + " is not in this overlay");
                continue;
            }
            JsonNode port = null;
            for (JsonNode p : svc.get().node().path("spec").path("ports")) {
                if (ref.path("port").has("name") ? p.path("name").asText().equals(ref.path("port").path("name").asText())
                        : p.path("port").asInt() == ref.path("port").path("number").asInt()) {
                    port = p;
                }
            }
            if (port == null) {
                v.add(ing.id() + ": backend port " + ref.path("port") + " is not a port of " + svc.get().id());
                continue;
            }
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            for (Container c : selected(svc.get(), services)) {
                Optional<Integer> management = ServiceConfig.of(c.name()).managementPort();
                if (management.isPresent() && resolves(c, target, management.get())) {
                    v.add(ing.id() + ": exposes the management port of " + c.id() + " through " + svc.get().id());
                }
            }
        }
    }

    private static void podMonitor(Manifest pm, List<String> v) {
        JsonNode endpoints = pm.node().path("spec").path("podMetricsEndpoints");
        if (endpoints.isEmpty()) {
            v.add(pm.id() + ": spec.podMetricsEndpoints is empty");
        }
        for (JsonNode e : endpoints) {
            if (!"management".equals(e.path("port").asText(null))) {
                v.add(pm.id() + ": podMetricsEndpoints port is " + e.path("port") + ", expected the port named management");
            }
            if (!METRICS.equals(e.path("path").asText(null))) {
                v.add(pm.id() + ": podMetricsEndpoints path is " + e.path("path") + ", expected " + METRICS);
            }
        }
    }

    /** The service containers whose pod labels the Service's selector matches. */
    private static List<Container> selected(Manifest svc, List<Container> services) {
        JsonNode selector = svc.node().path("spec").path("selector");
        if (selector.isEmpty()) {
            return List.of();
        }
        return services.stream().filter(c -> {
            JsonNode labels = c.podTemplate().path("metadata").path("labels");
            for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }
}
