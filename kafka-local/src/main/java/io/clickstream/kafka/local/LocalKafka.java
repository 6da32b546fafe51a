package io.clickstream.kafka.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The broker of the local pipeline: {@code 127.0.0.1:9092}, data under {@code ./data/kafka}, topics
 * {@code clicks} (6 partitions) and {@code clicks-dlq}. Runs until Ctrl-C.
 * <p>
 * Arguments: {@code --port N}, {@code --data DIR}, {@code --topics clicks:6,clicks-dlq:1}.
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        Path data = Path.of("data", "kafka");
        String topics = KafkaBroker.DEFAULT_TOPICS;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--data" -> data = Path.of(require(args[i], value));
                case "--topics" -> topics = require(args[i], value);
                default -> {
                    System.err.println("unknown argument: " + args[i] + " (expected --port, --data, --topics)");
                    System.exit(2);
                }
            }
            i++;
        }
        KafkaBroker broker = new KafkaBroker(data.toAbsolutePath(), port, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "kafka-shutdown"));
        broker.start();
        broker.createTopics(KafkaBroker.parseTopics(topics));
        System.out.println("Kafka ready on " + broker.bootstrapServers() + " (data in " + data + ")");
        stopped.await();
    }

    private static String require(String flag, String value) {
        if (value == null) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return value;
    }
}
