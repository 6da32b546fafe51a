package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Repository;

/**
 * No credential in the repository or in what the manifests deploy: every file git tracks and every rendered
 * object is scanned for key-like secrets. Only the documented test-only fixtures below may match.
 */
class SecretScanTest {

    private static final Map<String, Pattern> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put("private key", Pattern.compile("-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"));
        // an Azure storage account key: 64 random bytes in base64 (a lock file's sha512 integrity hashes look alike)
        PATTERNS.put("storage account key", Pattern.compile("(?<![A-Za-z0-9+/])(?<!sha512-)[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])"));
        PATTERNS.put("connection string key", Pattern.compile("(?i)(?:AccountKey|SharedAccessKey|SharedAccessSignature)=[A-Za-z0-9+/=%]{16,}"));
        PATTERNS.put("cloud access key id", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"));
        PATTERNS.put("access token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,})"));
        PATTERNS.put("password in clear", Pattern.compile(
                "(?i)\\b(?:password|passwd|client[_-]?secret)\\s*[:=]\\s*\"?[A-Za-z0-9+/=_!@#%^&*.-]{12,}\"?\\s*;?$", Pattern.MULTILINE));
    }

    /** Test-only fixtures, by file and pattern, and why they are allowed. */
    private static final Map<String, String> FIXTURES = Map.of(
            "sink/src/test/java/io/clickstream/sink/support/Azurite.java|storage account key",
            "the storage emulator's published development key, the only one Azurite accepts");

    /** Secrets the manifests may create, and the keys they may hold (nothing secret: KEDA reads a user name). */
    private static final Map<String, Set<String>> ALLOWED_SECRETS = Map.of("sink-lag-reader-username", Set.of("username"));

    static List<String> variants() {
        return Kustomize.variants();
    }

    @Test
    void noTrackedFileHoldsASecret() throws Exception {
        List<String> findings = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (String file : trackedFiles()) {
            Path path = Repository.ROOT.resolve(file);
            if (!Files.isRegularFile(path) || Files.size(path) > 4_000_000) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(path);
            if (new String(bytes, 0, Math.min(bytes.length, 8_000), StandardCharsets.ISO_8859_1).indexOf('\0') >= 0) {
                continue; // binary (an image)
            }
            for (String finding : scan(new String(bytes, StandardCharsets.UTF_8))) {
                (FIXTURES.containsKey(file + "|" + finding) ? allowed : findings).add(file + ": " + finding);
            }
        }
        assertThat(findings).as("key-like secrets in tracked files").isEmpty();
        assertThat(allowed).as("the documented fixtures are still where they are documented")
                .hasSize(FIXTURES.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void manifestsDeployNoSecret(String variant) {
        for (Manifest object : Kustomize.render(variant)) {
            assertThat(scan(object.node().toString())).as("%s: %s", variant, object.id()).isEmpty();
            if (object.kind().equals("Secret")) {
                Set<String> keys = ALLOWED_SECRETS.get(object.name());
                assertThat(keys).as("%s: %s is not a Secret the manifests may create", variant, object.id()).isNotNull();
                for (String field : List.of("data", "stringData")) {
                    JsonNode data = object.node().path(field);
                    data.fieldNames().forEachRemaining(key -> assertThat(keys)
                            .as("%s: %s holds %s", variant, object.id(), key).contains(key));
                }
            }
        }
    }

    @Test
    void theScanFindsEachKindOfSecret() {
        // built at run time, so that this file itself holds none
        String storageKey = "Q".repeat(43) + "x9".repeat(21) + "k==";
        assertThat(scan("key: " + storageKey)).containsExactly("storage account key");
        assertThat(scan("-----BEGIN " + "PRIVATE KEY-----")).containsExactly("private key");
        assertThat(scan("DefaultEndpointsProtocol=https;Account" + "Key=abcdefghijklmnop1234")).containsExactly("connection string key");
        assertThat(scan("id = AKIA" + "ABCDEFGHIJKLMNOP")).containsExactly("cloud access key id");
        assertThat(scan("token: gh" + "p_" + "a".repeat(36))).containsExactly("access token");
        assertThat(scan("pass" + "word=Sup3rS3cretValue!")).containsExactly("password in clear");
        // what is not a secret: a lock file's integrity hash, a variable reference, an empty value
        assertThat(scan("\"integrity\": \"sha512-" + "A".repeat(86) + "==\"")).isEmpty();
        assertThat(scan("password=${KAFKA_PASSWORD}")).isEmpty();
        assertThat(scan("kafka.sasl.jaas.config=")).isEmpty();
    }

    private static List<String> scan(String text) {
        List<String> found = new ArrayList<>();
        PATTERNS.forEach((name, pattern) -> {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                found.add(name);
            }
        });
        return found;
    }

    private static List<String> trackedFiles() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", Repository.ROOT.toString(), "ls-files", "-z")
                .redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files: %s", out).isZero();
        List<String> files = List.of(out.split("\0"));
        assertThat(files).as("tracked files").hasSizeGreaterThan(100);
        return files;
    }
}
