package io.clickstream.sink.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.batch.CommitOutcome;
import io.clickstream.sink.status.SinkStatus;
import io.clickstream.sink.table.SourcePartition;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * Makes the sink's progress visible to Kafka tools: after each table commit it commits the same
 * offsets (+1) to the consumer group, so lag monitors and autoscalers see them; every few seconds it
 * reads the log end offsets of the assigned partitions for the lag gauges.
 */
@ApplicationScoped
public class KafkaProgressReporter implements CommitListener {

    private static final Logger LOG = Logger.getLogger(KafkaProgressReporter.class);

    private final KafkaClientService clients;
    private final SinkStatus status;
    private ScheduledExecutorService timer;

    @Inject
    public KafkaProgressReporter(KafkaClientService clients, SinkStatus status) {
        this.clients = clients;
        this.status = status;
    }

    void start(@Observes StartupEvent ev) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sink-lag-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshEndOffsets, 2, 5, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public void committed(CommitOutcome outcome) {
        KafkaConsumer<Object, Object> consumer = consumer();
        if (consumer == null || outcome.committedOffsets().isEmpty()) {
            return;
        }
        java.util.function.Consumer<org.apache.kafka.clients.consumer.Consumer<Object, Object>> commit = c -> {
            Set<TopicPartition> owned = c.assignment();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            outcome.committedOffsets().forEach((sp, last) -> {
                TopicPartition tp = new TopicPartition(sp.topic(), sp.partition());
                if (owned.contains(tp)) {
                    offsets.put(tp, new OffsetAndMetadata(last + 1));
                }
            });
            if (!offsets.isEmpty()) {
                c.commitAsync(offsets, (o, e) -> {
                    if (e != null) {
                        // the table keeps the offsets that count; this copy feeds lag monitors and autoscalers,
                        // which see stale lag until the next commit succeeds
                        LOG.warnf("Kafka offset commit failed (lag tools see stale offsets until the next one): %s",
                                e.getMessage());
                    }
                });
            }
        };
        consumer.runOnPollingThread(commit).subscribe().with(x -> {
        }, e -> LOG.warnf("Kafka offset commit skipped (lag tools see stale offsets until the next one): %s",
                e.getMessage()));
    }

    private void refreshEndOffsets() {
        KafkaConsumer<Object, Object> consumer = consumer();
        if (consumer == null) {
            return;
        }
        consumer.runOnPollingThread((java.util.function.Function<org.apache.kafka.clients.consumer.Consumer<Object, Object>, Map<TopicPartition, Long>>) c -> c.endOffsets(c.assignment()))
                .subscribe().with(ends -> {
                    Map<SourcePartition, Long> m = new HashMap<>();
                    ends.forEach((tp, end) -> m.put(new SourcePartition(tp.topic(), tp.partition()), end));
                    status.endOffsets(m);
                }, e -> LOG.debugf("end offsets not available: %s", e.getMessage()));
    }

    private KafkaConsumer<Object, Object> consumer() {
        try {
            return clients.getConsumer(Channels.CLICKS);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
