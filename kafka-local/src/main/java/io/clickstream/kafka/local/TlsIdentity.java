package io.clickstream.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a broker certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, made with the JDK's {@code keytool} when a test starts: the same shape as Strimzi's cluster CA
 * and broker certificates, so clients verify the broker's host name against a PEM CA file, as on the cluster.
 *
 * @param caCertificate the CA certificate, PEM (what clients get as {@code ssl.truststore.location}, type PEM)
 * @param keyStore      the broker's key and certificate chain, PKCS12
 * @param password      the key store's password
 */
public record TlsIdentity(Path caCertificate, Path keyStore, String password) {

    /** Generates a fresh CA and broker certificate (valid for two days) in {@code dir}. */
    public static TlsIdentity generate(Path dir) {
        String password = UUID.randomUUID().toString();
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.crt");
        Path broker = dir.resolve("broker.p12");
        Path request = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.crt");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=clickstream-test-ca", "-keyalg", "EC", "-validity", "2",
                "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-keyalg", "EC", "-validity", "2",
                "-keystore", broker.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "broker", "-keystore", broker.toString(), "-storepass", password,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        // the broker presents the whole chain: import the CA first so the signed reply links to it
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", broker.toString(),
                "-storepass", password);
        keytool("-importcert", "-alias", "broker", "-file", signed.toString(), "-keystore", broker.toString(),
                "-storepass", password);
        return new TlsIdentity(caPem, broker, password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
