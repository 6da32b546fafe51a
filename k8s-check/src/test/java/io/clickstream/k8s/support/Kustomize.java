package io.clickstream.k8s.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders the overlays under {@code k8s/overlays/} with {@code kubectl kustomize}, once per test JVM.
 * <p>
 * Besides each overlay as committed, an overlay's optional components (listed in its kustomization as a commented-out
 * line {@code # - ../../components/<name>}) are rendered switched on too, as {@code <overlay>+<component>}: the
 * line is uncommented in a copy of {@code k8s/} under {@code target/}, exactly as a user would enable it.
 */
public final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern OPTIONAL_COMPONENT = Pattern.compile("(?m)^(\\s*)#\\s*(- \\.\\./\\.\\./components/([\\w.-]+))\\s*$");
    private static final Map<String, List<Manifest>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The committed overlays, e.g. {@code aks}, {@code local}. */
    public static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(Repository.K8S.resolve("overlays"))) {
            List<String> names = dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no overlay under " + Repository.K8S.resolve("overlays"));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed overlays and, for each, its optional components switched on one at a time. */
    public static List<String> variants() {
        List<String> all = new ArrayList<>();
        for (String overlay : overlays()) {
            all.add(overlay);
            Matcher m = OPTIONAL_COMPONENT.matcher(kustomization(overlay));
            while (m.find()) {
                all.add(overlay + "+" + m.group(3));
            }
        }
        return all;
    }

    /** The objects of an overlay or variant, as {@link #variants()} names them. */
    public static List<Manifest> render(String variant) {
        List<Manifest> objects = RENDERED.computeIfAbsent(variant, Kustomize::renderNow);
        return objects.stream().map(Manifest::copy).toList();
    }

    private static List<Manifest> renderNow(String variant) {
        String[] parts = variant.split("\\+", 2);
        Path dir = parts.length == 1 ? Repository.K8S.resolve("overlays").resolve(variant) : withComponent(parts[0], parts[1]);
        String yaml = kubectlKustomize(variant, dir);
        List<Manifest> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc instanceof ObjectNode o) {
                    objects.add(new Manifest(variant, o));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the output of kubectl kustomize for " + variant, e);
        }
        return List.copyOf(objects);
    }

    /** {@code kubectl kustomize <dir>}; kubectl's own error message when it fails. */
    public static String kubectlKustomize(String variant, Path dir) {
        try {
            Path err = Files.createTempFile("kustomize-", ".err");
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + variant + " did not finish in 120 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError("overlay " + variant + " does not render: kubectl kustomize " + Repository.ROOT.relativize(dir)
                        + " exited with " + p.exitValue() + ":\n" + stderr.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl (kubectl with kustomize v5 must be on the PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String kustomization(String overlay) {
        try {
            return Files.readString(Repository.K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code k8s/} in which the overlay's commented-out component line is uncommented. */
    private static Path withComponent(String overlay, String component) {
        Path copy = Path.of("target", "k8s-variants", overlay + "+" + component).toAbsolutePath();
        try {
            if (Files.exists(copy)) {
                try (Stream<Path> old = Files.walk(copy)) {
                    for (Path f : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
            copyTree(Repository.K8S, copy.resolve("k8s"));
            Path kustomization = copy.resolve("k8s/overlays").resolve(overlay).resolve("kustomization.yaml");
            Matcher m = OPTIONAL_COMPONENT.matcher(Files.readString(kustomization));
            StringBuilder enabled = new StringBuilder();
            while (m.find()) {
                String line = m.group(3).equals(component) ? m.group(1) + m.group(2) : m.group();
                m.appendReplacement(enabled, Matcher.quoteReplacement(line));
            }
            m.appendTail(enabled);
            Files.writeString(kustomization, enabled);
            return copy.resolve("k8s/overlays").resolve(overlay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
