package io.clickstream.sink.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.clickstream.sink.config.SinkConfig;
import io.clickstream.sink.retry.RetryPolicy;
import io.clickstream.sink.status.SinkMetrics;
import io.clickstream.sink.status.SinkStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends invalid records to the dead-letter topic, with the original key and value and headers naming
 * the reason and the original topic, partition and offset. Retries until the broker accepts the record:
 * the batch holding it is committed only after that, so no record is lost between the two topics; meanwhile
 * the sink is not ready and says why.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<byte[]> emitter;
    private final SinkStatus status;
    private final SinkMetrics metrics;
    private final RetryPolicy retry;
    private final String topic;

    @Inject
    public DeadLetterPublisher(@Channel(Channels.DLQ) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter,
            SinkStatus status, SinkMetrics metrics, SinkConfig config) {
        this.emitter = emitter;
        this.status = status;
        this.metrics = metrics;
        this.retry = new RetryPolicy(config.retry().initialBackoff(), config.retry().maxBackoff());
        this.topic = config.dlqTopic();
    }

    /**
     * Completes when the record is in the dead-letter topic. While sending fails (the topic is missing, the broker
     * refuses), the send is retried with backoff and the sink reports {@code dead_letters_failing}.
     */
    public CompletionStage<Void> publish(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.debugf("dead letter %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        AtomicBoolean failing = new AtomicBoolean();
        Uni<Void> once = send(record, reason, record.value(), false)
                // a record the DLQ cannot hold still leaves a trace: its headers, without the value
                .onFailure(RecordTooLargeException.class).recoverWithUni(e -> send(record, reason, null, true));
        return retry.retry(once, e -> true, RetryPolicy.FOREVER, (e, attempt, delay) -> {
            metrics.deadLetterFailed();
            if (failing.compareAndSet(false, true)) {
                status.deadLetterFailing(topic, e);
                LOG.warnf("dead letter for %s-%d@%d not sent, retrying until it is (the batch waits uncommitted): %s",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
            } else {
                LOG.debugf("dead letter for %s-%d@%d: attempt %d failed, retrying in %d ms: %s", record.topic(),
                        record.partition(), record.offset(), attempt, delay, e.getMessage());
            }
        }).onItem().invoke(() -> {
            if (failing.get()) {
                status.deadLetterSent();
                LOG.infof("dead letter for %s-%d@%d sent after retries", record.topic(), record.partition(), record.offset());
            }
        }).subscribeAsCompletionStage();
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
