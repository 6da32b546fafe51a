package io.clickstream.sink.support;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;

/** Sends contract events (or raw bytes) to a topic and waits for the broker's acknowledgements. */
public final class Producers {

    private Producers() {
    }

    public static KafkaProducer<byte[], byte[]> create(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static void send(String bootstrap, String topic, List<ClickEvent> events) {
        try (KafkaProducer<byte[], byte[]> producer = create(bootstrap)) {
            send(producer, topic, events);
        }
    }

    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<ClickEvent> events) {
        List<Future<?>> acks = new java.util.ArrayList<>(events.size());
        for (ClickEvent e : events) {
            acks.add(producer.send(new ProducerRecord<>(topic, e.kafkaKey().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    ClickEventCodec.encode(e))));
        }
        producer.flush();
        for (Future<?> f : acks) {
            try {
                f.get();
            } catch (Exception ex) {
                throw new IllegalStateException("send failed", ex);
            }
        }
    }
}
