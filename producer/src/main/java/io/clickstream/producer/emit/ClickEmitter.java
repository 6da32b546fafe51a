package io.clickstream.producer.emit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The click stream: a Mutiny ticker asks {@link ProducerControl} for the events due and hands them to the Kafka
 * connector. Back-pressure: the connector requests more only while fewer than {@code max-inflight-messages} sends
 * are pending, and ticks that arrive without demand are dropped, so a slow or absent Kafka slows the producer
 * down instead of filling memory.
 */
@ApplicationScoped
public class ClickEmitter {

    static final Duration TICK = Duration.ofMillis(5);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ProducerControl control;
    private final ProducerStats stats;

    public ClickEmitter(ProducerControl control, ProducerStats stats) {
        this.control = control;
        this.stats = stats;
    }

    @Outgoing(Channels.CLICKS)
    public Multi<Message<byte[]>> clicks() {
        return Multi.createFrom().ticks().every(TICK)
                .onOverflow().drop()
                .onItem().transformToIterable(tick -> toMessages(control.due()));
    }

    private List<Message<byte[]>> toMessages(List<ClickEvent> events) {
        stats.generated(events.size());
        return events.stream().map(this::toMessage).toList();
    }

    private Message<byte[]> toMessage(ClickEvent event) {
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.kafkaKey()).build());
        return Message.of(ClickEventCodec.encode(event), metadata,
                () -> {
                    stats.sent(event.eventType());
                    return DONE;
                },
                (Throwable error) -> {
                    stats.failed(error);
                    return (CompletionStage<Void>) DONE;
                });
    }
}
