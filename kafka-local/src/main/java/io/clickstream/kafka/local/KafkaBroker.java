package io.clickstream.kafka.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), run in this JVM.
 * <p>
 * It listens on {@code 127.0.0.1} only. Its storage is formatted on first start and kept across
 * {@link #stop()}/{@link #start()}, so a restart behaves like a real broker restart: same port, same data.
 * <p>
 * Given a {@link TlsIdentity}, it also offers a {@code SASL_SSL} listener (SCRAM-SHA-512) and authorizes requests
 * with ACLs; the plaintext listener then stays open as the unauthenticated super user, so tests can set up topics,
 * users and ACLs through it (see {@link SecureKafka}).
 */
public final class KafkaBroker implements AutoCloseable {

    /** The pipeline's topics: {@code clicks} with 6 partitions and the dead-letter topic. */
    public static final String DEFAULT_TOPICS = "clicks:6,clicks-dlq:1";

    private static final String CONTROLLER = "CONTROLLER";
    private static final String SASL_SSL = "SASL_SSL";
    /** The mechanism Strimzi's {@code scram-sha-512} authentication uses. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final TlsIdentity tls;
    private final int saslSslPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;

    /**
     * @param dataDir   where the broker keeps its log (created if missing; formatted on first start)
     * @param port      client port on 127.0.0.1; 0 picks a free one
     * @param overrides extra broker properties (win over the single-node defaults)
     */
    public KafkaBroker(Path dataDir, int port, Map<String, String> overrides) {
        this(dataDir, port, overrides, null);
    }

    private KafkaBroker(Path dataDir, int port, Map<String, String> overrides, TlsIdentity tls) {
        this.dataDir = dataDir;
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
        this.overrides = Map.copyOf(overrides);
        this.tls = tls;
        this.saslSslPort = tls == null ? -1 : freePort();
    }

    /**
     * A broker on free ports, with its data in a new temporary folder, that also offers a SASL_SSL listener
     * (SCRAM-SHA-512, presenting {@code tls}'s certificate) and enforces ACLs on it.
     */
    public static KafkaBroker withSaslSsl(TlsIdentity tls) {
        try {
            return new KafkaBroker(Files.createTempDirectory("kafka-"), 0, Map.of(), tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker on a free port with its data in a new temporary folder. */
    public static KafkaBroker onFreePort() {
        try {
            return new KafkaBroker(Files.createTempDirectory("kafka-"), 0, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The SASL_SSL listener's address; only for a broker made by {@link #withSaslSsl}. */
    public String saslSslBootstrapServers() {
        if (tls == null) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return "127.0.0.1:" + saslSslPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the broker (formatting its storage the first time) and waits until it answers metadata requests. */
    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = new KafkaConfig(brokerProperties(), false);
            format(config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            server = null;
            throw new IllegalStateException("Kafka broker failed to start on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    /** Stops the broker and waits for it to finish; data stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates the topics (name → partitions) that do not exist yet. */
    public void createTopics(Map<String, Integer> topics) {
        createTopics(bootstrapServers(), topics);
    }

    static void createTopics(String bootstrapServers, Map<String, Integer> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            List<NewTopic> wanted = topics.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .collect(Collectors.toList());
            for (var result : admin.createTopics(wanted).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics.keySet(), e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return admin(bootstrapServers());
    }

    static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(props);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        // the first topic creation also proves the controller is accepting writes
                        admin.listTopics().names().get(5, TimeUnit.SECONDS);
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready after " + timeout, last);
    }

    private void format(KafkaConfig config) throws Exception {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setClusterId(clusterId)
                .setNodeId(config.nodeId())
                .setControllerListenerName(CONTROLLER)
                .setMetadataLogDirectory(dataDir.toString())
                .setDirectories(Set.of(dataDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String plaintext = "PLAINTEXT://127.0.0.1:" + port;
        String secured = tls == null ? "" : "," + SASL_SSL + "://127.0.0.1:" + saslSslPort;
        p.put("listeners", plaintext + secured + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", plaintext + secured);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT" + (tls == null ? "" : "," + SASL_SSL + ":" + SASL_SSL));
        if (tls != null) {
            putSaslSsl(p);
        }
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        p.put("message.max.bytes", Integer.toString(2 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    /**
     * SCRAM-SHA-512 over TLS on the secured listener, users' credentials kept in the metadata log (created with
     * the admin API), and ACLs checked by KRaft's own authorizer. The plaintext listener (also used by the
     * controller) authenticates nobody, so its principal, ANONYMOUS, is the super user.
     */
    private void putSaslSsl(Properties p) {
        String prefix = "listener.name." + SASL_SSL.toLowerCase(java.util.Locale.ROOT) + ".";
        p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        p.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
        p.put(prefix + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put(prefix + "ssl.keystore.type", "PKCS12");
        p.put(prefix + "ssl.keystore.location", tls.keyStore().toString());
        p.put(prefix + "ssl.keystore.password", tls.password());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code name:partitions,name:partitions} (partitions default to 1). */
    public static Map<String, Integer> parseTopics(String spec) {
        Map<String, Integer> result = new java.util.LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                result.put(trimmed, 1);
            } else {
                result.put(trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1)));
            }
        }
        return result;
    }
}
