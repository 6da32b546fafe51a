package io.clickstream.producer.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.clickstream.kafka.client.KafkaClientConfig;
import io.clickstream.producer.config.ProducerConfig;
import io.clickstream.producer.emit.ProducerControl;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Creates the clicks topic with the configured partition count if it is missing, before the first event goes
 * out (Kafka's auto-creation would give it the broker's default of one partition). Retries until Kafka answers.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    private final Map<String, Object> adminConfig;
    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final ProducerControl control;
    private volatile boolean shuttingDown;

    public TopicInitializer(@Identifier(KafkaClientConfig.DEFAULT_KAFKA_BROKER) Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.outgoing.clicks.topic", defaultValue = "clicks") String topic,
            ProducerConfig config, ProducerControl control) {
        // the channel's own settings (bootstrap, TLS, SASL), so the admin client reaches the broker the same way
        Map<String, Object> admin = KafkaClientConfig.adminConfig(kafkaConfig);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.adminConfig = Map.copyOf(admin);
        this.bootstrapServers = String.valueOf(kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.topic = topic;
        this.partitions = config.topicPartitions();
        this.control = control;
    }

    void onStart(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(this::ensureTopic);
    }

    void onStop(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    private void ensureTopic() {
        long backoff = 500;
        while (!shuttingDown) {
            try (Admin admin = Admin.create(adminConfig)) {
                Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
                if (existing.contains(topic)) {
                    int actual = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                            .get(topic).partitions().size();
                    LOG.infof("Topic %s exists with %d partitions", topic, actual);
                } else {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all()
                                .get(15, TimeUnit.SECONDS);
                        LOG.infof("Created topic %s with %d partitions", topic, partitions);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                control.topicReady();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("Kafka at %s not ready for topic %s yet (%s); retrying in %d ms", bootstrapServers, topic,
                        e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }
}
