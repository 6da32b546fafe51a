package io.clickstream.producer.emit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * The click stream: a Mutiny ticker asks {@link ProducerControl} for the events due and hands them to the Kafka
 * connector. Back-pressure: the connector requests more only while fewer than {@code max-inflight-messages} sends
 * are pending, and ticks that arrive without demand are dropped, so a slow or absent Kafka slows the producer
 * down instead of filling memory.
 */
@Singleton
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
    public Multi<Message<Record<String, byte[]>>> clicks() {
        return Multi.createFrom().ticks().every(TICK)
                .onOverflow().drop()
                .onItem().transformToIterable(tick -> toMessages(control.due()));
    }

    private List<Message<Record<String, byte[]>>> toMessages(List<ClickEvent> events) {
        stats.generated(events.size());
        return events.stream().map(this::toMessage).toList();
    }

    private Message<Record<String, byte[]>> toMessage(ClickEvent event) {
        // a Record payload carries the key without per-message metadata maps (measurably cheaper at 100k+ events/s)
        return Message.of(Record.of(event.kafkaKey(), ClickEventCodec.encode(event)),
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
