package io.clickstream.sink.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends invalid records to the dead-letter topic, with the original key and value and headers naming
 * the reason and the original topic, partition and offset. Retries until the broker accepts the record:
 * the batch holding it is committed only after that, so no record is lost between the two topics.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<byte[]> emitter;

    @Inject
    public DeadLetterPublisher(@Channel(Channels.DLQ) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Completes when the record is in the dead-letter topic. */
    public CompletionStage<Void> publish(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.debugf("dead letter %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        return send(record, reason, record.value(), false)
                // a record the DLQ cannot hold still leaves a trace: its headers, without the value
                .onFailure(RecordTooLargeException.class).recoverWithUni(e -> send(record, reason, null, true))
                .onFailure().invoke(e -> LOG.warnf("dead-letter send failed, retrying: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .subscribeAsCompletionStage();
    }

    private Uni<Void> send(ConsumerRecord<byte[], byte[]> record, String reason, byte[] value, boolean valueDropped) {
        return Uni.createFrom().deferred(() -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Channels.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
            headers.add(Channels.HEADER_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(Channels.HEADER_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(Channels.HEADER_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
            if (valueDropped) {
                headers.add(Channels.HEADER_VALUE_DROPPED, "true".getBytes(StandardCharsets.UTF_8));
            }
            OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]> builder()
                    .withKey(record.key())
                    .withHeaders(headers)
                    .build();
            return emitter.sendMessage(Message.of(value).addMetadata(metadata));
        });
    }
}
