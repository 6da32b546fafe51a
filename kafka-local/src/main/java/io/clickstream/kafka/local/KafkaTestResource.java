package io.clickstream.kafka.local;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the JVM's {@link EmbeddedKafka} broker.
 * <p>
 * Init args: {@code topics} = {@code name:partitions,name:partitions} to create before the app starts
 * (default {@code clicks:6,clicks-dlq:1}). The broker outlives the test class: later classes reuse it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private String topics = KafkaBroker.DEFAULT_TOPICS;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.getOrDefault("topics", KafkaBroker.DEFAULT_TOPICS);
    }

    @Override
    public Map<String, String> start() {
        EmbeddedKafka.createTopics(KafkaBroker.parseTopics(topics));
        return Map.of("kafka.bootstrap.servers", EmbeddedKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared for the JVM; stopped by EmbeddedKafka's shutdown hook
    }
}
