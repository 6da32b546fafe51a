package io.clickstream.sink.it;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.clickstream.kafka.local.KafkaBroker;
import io.clickstream.sink.support.TableReader;

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

    /** A new, empty table location under the temporary folder, as the sink takes it (a {@code file:} URI). */
    static String newTableUri(String prefix) throws IOException {
        return Files.createTempDirectory(prefix).resolve("clicks").toUri().toString().replaceAll("/$", "");
    }

    /** Sink properties that put a test's sink processes in a consumer group of their own. */
    static Map<String, String> inGroup(String groupId) {
        return Map.of("sink.group-id", groupId);
    }

    /** The table's latest version; -1 while it does not exist or cannot be read yet. */
    static long version(TableReader table) {
        try {
            return table.log().tableExists() ? table.snapshot().getVersion() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
