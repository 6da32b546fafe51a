package io.clickstream.jmh;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.clickstream.kafka.local.KafkaBroker;

/**
 * The poll: a Kafka consumer with the sink's fetch settings reading a batch of records (50,000 simulated events on
 * 6 partitions) from a broker in the same JVM, per record. The broker's own work is in the figure too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Events.BATCH)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g", "-XX:+UseG1GC" })
public class KafkaPollStage {

    private static final String TOPIC = "stage-clicks";
    private static final int PARTITIONS = 6;

    private KafkaBroker broker;
    private KafkaConsumer<byte[], byte[]> consumer;
    private List<TopicPartition> partitions;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        broker = new KafkaBroker(Files.createTempDirectory("stage-kafka-"), 0, Map.of()).start();
        broker.createTopics(Map.of(TOPIC, PARTITIONS));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (byte[] v : Events.encoded(Events.BATCH)) {
                producer.send(new ProducerRecord<>(TOPIC, i++ % PARTITIONS, null, v));
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        // the sink's fetch settings (sink/src/main/resources/application.properties)
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16_777_216);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4_194_304);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            partitions.add(new TopicPartition(TOPIC, i));
        }
        consumer.assign(partitions);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consumer.close();
        broker.stop();
    }

    @Benchmark
    public void poll(Blackhole bh) {
        consumer.seekToBeginning(partitions);
        int read = 0;
        while (read < Events.BATCH) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(5));
            if (records.isEmpty()) {
                throw new IllegalStateException("no records after " + read);
            }
            read += records.count();
            records.forEach(bh::consume);
        }
    }
}
