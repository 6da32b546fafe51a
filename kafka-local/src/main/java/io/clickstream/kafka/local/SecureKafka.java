package io.clickstream.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A broker secured like the Strimzi cluster on AKS: TLS with a CA certificate the clients trust as a PEM file,
 * SCRAM-SHA-512 users, and ACLs. Users and their grants are created through the admin API of the plaintext
 * listener, which stays open to the test only.
 */
public final class SecureKafka implements AutoCloseable {

    private final KafkaBroker broker;
    private final TlsIdentity tls;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    private SecureKafka(KafkaBroker broker, TlsIdentity tls) {
        this.broker = broker;
        this.tls = tls;
    }

    /** Generates a fresh certificate, starts the broker and creates the topics (name → partitions). */
    public static SecureKafka start(Map<String, Integer> topics) {
        TlsIdentity tls;
        try {
            tls = TlsIdentity.generate(Files.createTempDirectory("kafka-tls-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = KafkaBroker.withSaslSsl(tls).start();
        broker.createTopics(topics);
        return new SecureKafka(broker, tls);
    }

    /** The broker itself; its plaintext listener ({@link KafkaBroker#bootstrapServers()}) is the super user. */
    public KafkaBroker broker() {
        return broker;
    }

    public TlsIdentity tls() {
        return tls;
    }

    /**
     * Creates a SCRAM-SHA-512 user with a random password and the given ACLs, and waits until the broker accepts
     * its log-in.
     */
    public void createUser(String user, Grant... grants) {
        String password = UUID.randomUUID().toString();
        try (Admin admin = broker.admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            for (Grant grant : grants) {
                acls.addAll(grant.bindings(user));
            }
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        passwords.put(user, password);
        awaitLogIn(user, Duration.ofSeconds(30));
    }

    /**
     * Exactly the environment variables the Kubernetes manifests give a service for Kafka, for {@code user}:
     * {@code KAFKA_BOOTSTRAP_SERVERS} (the SASL_SSL listener), {@code KAFKA_SECURITY_PROTOCOL},
     * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_TYPE} and
     * {@code KAFKA_SSL_TRUSTSTORE_LOCATION}.
     */
    public Map<String, String> clientEnvironment(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        clientConfig(user).forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    /** The Kafka client settings of {@code user} on the SASL_SSL listener. */
    public Map<String, String> clientConfig(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user: " + user);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", broker.saslSslBootstrapServers());
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", KafkaBroker.SCRAM_MECHANISM);
        config.put("sasl.jaas.config", jaasConfig(user, password));
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", tls.caCertificate().toString());
        return config;
    }

    /** The value Strimzi writes to a KafkaUser's Secret under {@code sasl.jaas.config}. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** An admin client logged in as {@code user} on the SASL_SSL listener; the caller closes it. */
    public Admin admin(String user) {
        Map<String, Object> config = new LinkedHashMap<>(clientConfig(user));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(config);
    }

    // SCRAM credentials reach the broker's authenticator through the metadata log, a moment after the call returns
    private void awaitLogIn(String user, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin(user)) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("user " + user + " cannot log in after " + timeout, last);
    }

    @Override
    public void close() {
        broker.stop();
    }

    /**
     * Operations allowed on one resource (or on every resource whose name starts with a prefix), as a Strimzi
     * {@code KafkaUser}'s {@code spec.authorization.acls} declares them.
     */
    public record Grant(ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {

        public static Grant topic(String name, AclOperation... operations) {
            return new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, List.of(operations));
        }

        public static Grant group(String name, AclOperation... operations) {
            return new Grant(ResourceType.GROUP, name, PatternType.LITERAL, List.of(operations));
        }

        public static Grant groupsStartingWith(String prefix, AclOperation... operations) {
            return new Grant(ResourceType.GROUP, prefix, PatternType.PREFIXED, List.of(operations));
        }

        List<AclBinding> bindings(String user) {
            return operations.stream()
                    .map(op -> new AclBinding(new ResourcePattern(type, name, pattern),
                            new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)))
                    .toList();
        }
    }
}
