package io.clickstream.kafka.local;

/**
 * One broker per test JVM, started on first use and stopped when the JVM exits.
 * <p>
 * Quarkus re-creates test resources in a new class loader when a {@code @TestProfile} restarts the
 * application, so a plain static field would start a second broker. Modules list this artifact in
 * {@code quarkus.class-loading.parent-first-artifacts}, which loads this class once, from the
 * system class loader, for the whole JVM.
 */
public final class EmbeddedKafka {

    private static KafkaBroker broker;

    private EmbeddedKafka() {
    }

    public static synchronized KafkaBroker shared() {
        if (broker == null) {
            KafkaBroker b = KafkaBroker.onFreePort().start();
            Runtime.getRuntime().addShutdownHook(new Thread(b::stop, "embedded-kafka-shutdown"));
            broker = b;
        }
        if (!broker.isRunning()) {
            broker.start();
        }
        return broker;
    }
}
