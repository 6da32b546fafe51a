package io.clickstream.k8s;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Repository;

/**
 * Validates objects against their real schemas: Strimzi kinds by {@link StrimziCheck}, everything else by
 * {@code tools/k8s-schema-check.js} (the Kubernetes OpenAPI schema from npm {@code kubernetes-models}, KEDA and
 * Prometheus Operator CRD schemas from {@code @kubernetes-models/*}, strict on unknown fields). A kind neither
 * knows is an error, so no new resource goes unchecked.
 */
final class SchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaCheck() {
    }

    static List<String> violations(List<Manifest> objects) {
        List<String> violations = new ArrayList<>();
        List<Manifest> others = new ArrayList<>();
        for (Manifest m : objects) {
            if (StrimziCheck.isStrimzi(m)) {
                violations.addAll(StrimziCheck.violations(m, objects));
            } else {
                others.add(m);
            }
        }
        List<List<String>> errors = runNode(others);
        for (int i = 0; i < others.size(); i++) {
            for (String e : errors.get(i)) {
                violations.add(others.get(i).id() + ": " + e);
            }
        }
        return violations;
    }

    private static List<List<String>> runNode(List<Manifest> objects) {
        Path script = Repository.TOOLS.resolve("k8s-schema-check.js");
        if (!Files.isDirectory(Repository.TOOLS.resolve("node_modules/kubernetes-models"))) {
            throw new IllegalStateException("npm packages missing: run `npm ci --prefix tools` at the repository root");
        }
        ArrayNode input = JSON.createArrayNode();
        objects.forEach(m -> input.add(m.node()));
        try {
            Path err = Files.createTempFile("schema-check-", ".err");
            Process p = new ProcessBuilder("node", script.toString()).redirectError(err.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                JSON.writeValue(in, input);
            }
            JsonNode out = JSON.readTree(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out == null || out.size() != objects.size()) {
                throw new IllegalStateException("node " + script + " failed: " + Files.readString(err));
            }
            Files.deleteIfExists(err);
            List<List<String>> result = new ArrayList<>();
            for (JsonNode errors : out) {
                List<String> list = new ArrayList<>();
                errors.forEach(e -> list.add(e.asText()));
                result.add(list);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node (Node.js must be on the PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
