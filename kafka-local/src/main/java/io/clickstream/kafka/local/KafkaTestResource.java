package io.clickstream.kafka.local;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the JVM's {@link EmbeddedKafka} broker.
 * <p>
 * Init args: {@code topics} = {@code name:partitions,name:partitions} to create before the app starts
 * (default {@code clicks:6,clicks-dlq:1}). The broker outlives the test class: later classes reuse it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_TOPICS = "clicks:6,clicks-dlq:1";

    private String topics = DEFAULT_TOPICS;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.getOrDefault("topics", DEFAULT_TOPICS);
    }

    @Override
    public Map<String, String> start() {
        EmbeddedKafka.createTopics(parseTopics(topics));
        return Map.of("kafka.bootstrap.servers", EmbeddedKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared for the JVM; stopped by EmbeddedKafka's shutdown hook
    }

    static Map<String, Integer> parseTopics(String spec) {
        Map<String, Integer> result = new LinkedHashMap<>();
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
