package io.clickstream.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import io.clickstream.kafka.local.EmbeddedKafka;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A missing clicks topic is created with the configured number of partitions before the first event. */
@QuarkusTest
@TestProfile(TopicCreationTest.NewTopic.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "topics", value = ""))
class TopicCreationTest {

    static final String TOPIC = "clicks-created-by-producer";

    public static class NewTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.clicks.topic", TOPIC, "producer.topic-partitions", "4");
        }
    }

    @Test
    void createsTheTopicWithTheConfiguredPartitions() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() > 50);
        try (Admin admin = EmbeddedKafka.admin()) {
            int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().size();
            assertThat(partitions).isEqualTo(4);
        }
        assertThat(ClicksTopic.readFromStart(TOPIC, 50)).hasSizeGreaterThanOrEqualTo(50);
    }
}
