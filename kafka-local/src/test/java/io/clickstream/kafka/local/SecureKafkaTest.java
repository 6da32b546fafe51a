package io.clickstream.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secured broker really authenticates, encrypts with the generated certificate and checks ACLs. */
class SecureKafkaTest {

    static SecureKafka kafka;

    @BeforeAll
    static void start() {
        kafka = SecureKafka.start(Map.of("clicks", 2));
        kafka.createUser("writer", SecureKafka.Grant.topic("clicks", AclOperation.WRITE, AclOperation.DESCRIBE));
        kafka.createUser("nobody");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aGrantedUserWritesOverSaslSsl() throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("writer"));
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("clicks", "k", "v")).get(30, TimeUnit.SECONDS);
            assertEquals("clicks", sent.topic());
        }
    }

    @Test
    void aUserWithoutAclsIsRefused() {
        try (Admin admin = kafka.admin("nobody")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(List.of("clicks")).allTopicNames().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("writer"));
        config.put("sasl.jaas.config", SecureKafka.jaasConfig("writer", "not-the-password"));
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("writer"));
        config.remove("ssl.truststore.type");
        config.remove("ssl.truststore.location");
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void theEnvironmentHasExactlyTheManifestsVariables() {
        assertEquals(List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION"),
                List.copyOf(kafka.clientEnvironment("writer").keySet()));
    }
}
