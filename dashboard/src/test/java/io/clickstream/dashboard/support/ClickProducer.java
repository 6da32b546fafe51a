package io.clickstream.dashboard.support;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;

/** Sends events (or raw bytes) to a topic, keyed as the contract says. */
public final class ClickProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public ClickProducer(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    public Future<RecordMetadata> sendAsync(ClickEvent event) {
        return producer.send(new ProducerRecord<>(topic, event.kafkaKey(), ClickEventCodec.encode(event)));
    }

    /** Sends and waits until the broker has them all. */
    public void send(List<ClickEvent> events) {
        List<Future<RecordMetadata>> sent = events.stream().map(this::sendAsync).toList();
        awaitAll(sent);
    }

    public void sendRaw(String key, byte[] value) {
        awaitAll(List.of(producer.send(new ProducerRecord<>(topic, key, value))));
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send events", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
