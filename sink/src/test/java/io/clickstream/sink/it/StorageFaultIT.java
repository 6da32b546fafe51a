package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.clickstream.sink.support.TableReader;
import io.delta.standalone.actions.AddFile;

/**
 * Storage faults under a running sink, with real mounts: the table's file system turns read-only for a while (the
 * local form of a storage outage), and it fills up (a size-limited tmpfs). Each time the sink stops consuming,
 * reports itself not ready with the storage error, commits nothing partial, and once storage is back commits
 * every event exactly once. Needs permission to mount (root or CAP_SYS_ADMIN): skipped, saying so, where the
 * machine cannot mount.
 */
class StorageFaultIT extends BrokerPerClass {

    static final int BATCH_RECORDS = 2_000;

    @BeforeAll
    static void mountsPossible() throws Exception {
        Path probe = Files.createTempDirectory("mount-probe-");
        boolean ok = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.toString()) == 0;
        if (ok) {
            run("umount", probe.toString());
        }
        Assumptions.assumeTrue(ok, "storage fault tests need to mount file systems (root or CAP_SYS_ADMIN); this machine cannot");
    }

    @Test
    void anUnwritableTableLocationPausesTheSinkAndLosesNothing() throws Exception {
        Path probe = Files.createTempDirectory("chattr-probe-").toAbsolutePath();
        boolean immutable = run("chattr", "+i", probe.toString()) == 0;
        run("chattr", "-i", probe.toString());
        Assumptions.assumeTrue(immutable, "the outage test needs chattr +i on the temporary folder's file system (ext4 and alike)");
        Path root = Files.createTempDirectory("outage-").toAbsolutePath().resolve("clicks");
        String uri = root.toUri().toString().replaceAll("/$", "");
        // immutable directories: no file can be created in them, not even by root (a read-only remount is refused
        // while the sink has files open for writing); reads go on working
        Step lock = () -> assertThat(chattr("+i", root)).as("chattr +i (needs an ext2/3/4-like file system)").isZero();
        try {
            faultAndRecover(uri, "outage", lock, "Operation not permitted", () -> assertThat(chattr("-i", root)).isZero());
        } finally {
            chattr("-i", root);
        }
    }

    /** Sets or clears the immutable flag on every directory of the table. */
    private static int chattr(String flag, Path root) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("chattr", flag));
        try (var dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> cmd.add(d.toString()));
        }
        return run(cmd.toArray(String[]::new));
    }

    @Test
    void aFullDiskPausesTheSinkShowsNoPartialCommitAndRecovers() throws Exception {
        Path mount = Files.createTempDirectory("full-mount-").toAbsolutePath();
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", mount.toString())).isZero();
        try {
            String uri = mount.resolve("clicks").toUri().toString().replaceAll("/$", "");
            Path filler = mount.resolve("filler");
            faultAndRecover(uri, "disk-full", () -> fill(filler), "No space left on device", () -> Files.delete(filler));
        } finally {
            run("umount", mount.toString());
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private void faultAndRecover(String uri, String name, Step fault, String expectedError, Step repair) throws Exception {
        TableReader table = new TableReader(uri);
        String topic = "clicks-" + name;
        broker.createTopics(Map.of(topic, 3));
        Map<String, String> props = Map.of("sink.group-id", "storage-" + name, "sink.topic", topic, "sink.batch.max-records",
                Integer.toString(BATCH_RECORDS), "sink.retry.max-backoff", "2s");
        try (PacedProducer producer = new PacedProducer(broker.bootstrapServers(), topic, name.hashCode(), 50, 50);
                SinkProcess sink = SinkProcess.start("storage-" + name, broker.bootstrapServers(), uri, props)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> !sink.isAlive() || version(table) >= 3);
            assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();

            fault.run();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ConnectException.class).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(sink.status()).contains("\"state\":\"storage_failing\"").contains(expectedError);
                HttpResponse<String> ready = sink.management("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("storage_failing");
            });
            // consumption pauses: once the batches it holds are full, the sink reads nothing more while events keep coming
            AtomicLong seen = new AtomicLong(-1);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(40))
                    .until(() -> seen.getAndSet((long) SinkProcess.sum(sink.status(), "\"records_in\":(\\d+)")) == seen.get());
            assertThat(producer.sent() - seen.get()).as("events waiting in Kafka").isPositive();
            // a reader sees a consistent table: every file of the latest version is complete and readable
            assertEveryFileComplete(table, uri);

            repair.run();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(sink.management("/q/health/ready").statusCode()).isEqualTo(200);
            });
            Set<String> produced = producer.stop();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(table.eventIds()).hasSameSizeAs(produced));
            List<String> ids = table.eventIds();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(produced);
            assertThat((long) SinkProcess.sum(sink.status(), "\"storage_retries\":(\\d+)")).isPositive();
            sink.stop();
        }
    }

    private static void assertEveryFileComplete(TableReader table, String uri) throws IOException {
        Path root = Path.of(URI.create(uri));
        List<String> problems = new ArrayList<>();
        for (AddFile f : table.files()) {
            Path p = root.resolve(f.getPath());
            if (!Files.exists(p) || Files.size(p) != f.getSize()) {
                problems.add(f.getPath());
            }
        }
        assertThat(problems).as("files referenced by the latest version but missing or incomplete").isEmpty();
        assertThat(table.eventIds()).doesNotHaveDuplicates();
    }

    /** Writes to {@code file} until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** Runs a command; its exit code (its output goes to the test log when it fails). */
    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
            if (rc != 0) {
                System.err.println(String.join(" ", cmd) + " -> " + rc + ": " + out);
            }
            return rc;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
