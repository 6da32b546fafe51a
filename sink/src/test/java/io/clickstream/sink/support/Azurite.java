package io.clickstream.sink.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/** Azurite's Blob service on 127.0.0.1 (npm package installed under {@code tools/}), for ABFS tests. */
public final class Azurite implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's published development key: not a secret. */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Azurite start() throws IOException {
        Path bin = Path.of("..", "tools", "node_modules", ".bin", "azurite-blob").toAbsolutePath().normalize();
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " not found: run `npm ci --prefix tools` at the repository root");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("azurite-");
        Process p = new ProcessBuilder(List.of(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                "--location", dir.toString(), "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("azurite.log").toFile()).start();
        Azurite azurite = new Azurite(p, port);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("azurite exited, see " + dir.resolve("azurite.log"));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return azurite;
    }

    /** A table URI in a container of the emulator's account. */
    public String tableUri(String container, String path) {
        return "abfs://" + container + "@" + ACCOUNT + ".dfs.core.windows.net/" + path;
    }

    /** Hadoop settings for ABFS against Azurite's Blob endpoint (it has no DFS endpoint). */
    public Map<String, String> hadoopSettings() {
        Map<String, String> m = new HashMap<>();
        m.put("fs.azure.abfs.endpoint", "127.0.0.1:" + port);
        m.put("fs.azure.always.use.https", "false");
        m.put("fs.azure.account.hns.enabled", "false");
        m.put("fs.azure.fns.account.service.type", "BLOB");
        m.put("fs.azure.ingress.service.type", "BLOB");
        m.put("fs.azure.createRemoteFileSystemDuringInitialization", "true");
        return m;
    }

    public Map<String, String> env() {
        return Map.of("AZURE_STORAGE_ACCOUNT_KEY", KEY);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

}
