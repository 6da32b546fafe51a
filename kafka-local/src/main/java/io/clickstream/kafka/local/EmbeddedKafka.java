package io.clickstream.kafka.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;

/**
 * One broker per test JVM, started on first use and stopped when the JVM exits.
 * <p>
 * Quarkus loads test resources and test classes in a new class loader whenever it restarts the application (a
 * {@code @TestProfile}, say), so a static field would start a second broker. The running broker is therefore
 * registered in the system properties, through JDK types only, and every class loader finds the same one.
 */
public final class EmbeddedKafka {

    private static final String KEY = "clickstream.embedded-kafka";
    private static final String BOOTSTRAP = "bootstrap";
    private static final String CONTROL = "control";

    private EmbeddedKafka() {
    }

    /** The bootstrap servers of the JVM's broker, starting it if needed. */
    public static String bootstrapServers() {
        return (String) registry().get(BOOTSTRAP);
    }

    /** Stops the broker (to test outages); {@link #start()} brings it back on the same port with the same data. */
    public static void stop() {
        control().accept("stop");
    }

    public static void start() {
        control().accept("start");
    }

    public static void createTopics(Map<String, Integer> topics) {
        KafkaBroker.createTopics(bootstrapServers(), topics);
    }

    public static Admin admin() {
        return KafkaBroker.admin(bootstrapServers());
    }

    @SuppressWarnings("unchecked")
    private static Consumer<String> control() {
        return (Consumer<String>) registry().get(CONTROL);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> registry() {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(KEY);
            if (existing != null) {
                return (Map<String, Object>) existing;
            }
            KafkaBroker broker = KafkaBroker.onFreePort().start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "embedded-kafka-shutdown"));
            Map<String, Object> registry = new ConcurrentHashMap<>();
            registry.put(BOOTSTRAP, broker.bootstrapServers());
            registry.put(CONTROL, (Consumer<String>) command -> {
                switch (command) {
                    case "stop" -> broker.stop();
                    case "start" -> broker.start();
                    default -> throw new IllegalArgumentException(command);
                }
            });
            System.getProperties().put(KEY, registry);
            return registry;
        }
    }
}
