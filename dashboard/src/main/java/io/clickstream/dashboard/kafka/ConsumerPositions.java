package io.clickstream.dashboard.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Knows which partitions the dashboard's consumer owns and the next offset it will process in each.
 * <p>
 * On assignment it resolves each partition's position at once, so "latest" is fixed at that moment:
 * once {@link #isReady()} is true, every event produced afterwards reaches the dashboard.
 */
@ApplicationScoped
@Default
@Identifier(ConsumerPositions.NAME)
public class ConsumerPositions implements KafkaConsumerRebalanceListener {

    public static final String NAME = "dashboard-positions";
    private static final Logger LOG = Logger.getLogger(ConsumerPositions.class);

    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            long position = consumer.position(tp);
            next.merge(tp, position, Math::max);
            assigned.add(tp);
        }
        LOG.infof("consuming %d partitions from their latest offsets: %s", partitions.size(), next);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(this::forget);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(this::forget);
    }

    private void forget(TopicPartition tp) {
        assigned.remove(tp);
        next.remove(tp);
    }

    /** Records that the record at {@code offset} was processed. */
    public void processed(String topic, int partition, long offset) {
        next.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
    }

    public boolean isReady() {
        return !assigned.isEmpty();
    }

    public Set<TopicPartition> assigned() {
        return Set.copyOf(assigned);
    }

    /** The next offset to process per assigned partition. */
    public Map<TopicPartition, Long> nextOffsets() {
        Map<TopicPartition, Long> copy = new java.util.HashMap<>();
        for (TopicPartition tp : assigned) {
            Long n = next.get(tp);
            if (n != null) {
                copy.put(tp, n);
            }
        }
        return copy;
    }
}
