package io.clickstream.sink.it;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.clickstream.kafka.local.KafkaBroker;

/** A broker of its own for each test class that runs sink processes, with the pipeline's topics. */
abstract class BrokerPerClass {

    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.onFreePort().start();
        broker.createTopics(Map.of("clicks", 6, "clicks-dlq", 1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }
}
