package io.clickstream.dashboard.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.kafka.client.KafkaClientConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads, with the Kafka admin API, the end offsets of the topic, the sink group's committed offsets and so
 * the sink's lag; with the positions of the dashboard's own consumer, it also gives the dashboard's lag.
 * Runs on its own thread: a slow or absent broker never delays the SSE streams.
 */
@ApplicationScoped
public class LagMonitor {

    private static final Logger LOG = Logger.getLogger(LagMonitor.class);

    private final DashboardConfig config;
    private final ConsumerPositions positions;
    private final Map<String, Object> kafkaConfig;
    private final String bootstrapServers;
    private ScheduledExecutorService executor;
    private Admin admin;
    private volatile SinkLag sinkLag;
    private volatile long ownLag = -1;

    LagMonitor(DashboardConfig config, ConsumerPositions positions,
            @Identifier(KafkaClientConfig.DEFAULT_KAFKA_BROKER) Map<String, Object> kafkaConfig) {
        this.config = config;
        this.positions = positions;
        this.kafkaConfig = kafkaConfig;
        this.bootstrapServers = String.valueOf(kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.sinkLag = SinkLag.unknown(config.sinkLag().groupId());
    }

    void start(@Observes StartupEvent event) {
        // the consumer channel's own settings (bootstrap, TLS, SASL), so the admin client reaches the broker the same way
        Map<String, Object> props = KafkaClientConfig.adminConfig(kafkaConfig);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "clickstream-dashboard-lag");
        int timeout = (int) config.sinkLag().timeout().toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        admin = Admin.create(props);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-lag");
            t.setDaemon(true);
            return t;
        });
        long interval = config.sinkLag().interval().toMillis();
        executor.scheduleWithFixedDelay(this::refresh, 0, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    public SinkLag sinkLag() {
        return sinkLag;
    }

    /** The dashboard's own consumer lag in records, or -1 before the first read. */
    public long ownLag() {
        return ownLag;
    }

    void refresh() {
        String group = config.sinkLag().groupId();
        long now = System.currentTimeMillis();
        try {
            Map<TopicPartition, Long> ends = endOffsets();
            ownLag = ownLag(ends);
            sinkLag = sinkLag(group, ends, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            if (!"unavailable".equals(sinkLag.status())) {
                LOG.warnf("cannot read consumer lag from Kafka at %s: %s", bootstrapServers, message);
            }
            sinkLag = new SinkLag(group, "unavailable", message, null, List.of(), now);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        long timeout = config.sinkLag().timeout().toMillis();
        String topic = config.topic();
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout, TimeUnit.MILLISECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(request).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private long ownLag(Map<TopicPartition, Long> ends) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : positions.nextOffsets().entrySet()) {
            Long end = ends.get(e.getKey());
            if (end != null) {
                lag += Math.max(0, end - e.getValue());
            }
        }
        return lag;
    }

    private SinkLag sinkLag(String group, Map<TopicPartition, Long> ends, long now)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(config.sinkLag().timeout().toMillis(), TimeUnit.MILLISECONDS);
        boolean any = committed.entrySet().stream()
                .anyMatch(e -> e.getValue() != null && e.getKey().topic().equals(config.topic()));
        List<SinkLag.PartitionLag> partitions = new ArrayList<>();
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            Long offset = c == null ? null : c.offset();
            long lag = Math.max(0, e.getValue() - (offset == null ? 0 : offset));
            total += lag;
            partitions.add(new SinkLag.PartitionLag(e.getKey().partition(), offset, e.getValue(), lag));
        }
        partitions.sort(Comparator.comparingInt(SinkLag.PartitionLag::partition));
        if (!any) {
            return new SinkLag(group, "no_offsets", "group " + group + " has committed no offsets on " + config.topic(),
                    null, partitions, now);
        }
        return new SinkLag(group, "ok", null, total, partitions, now);
    }
}
