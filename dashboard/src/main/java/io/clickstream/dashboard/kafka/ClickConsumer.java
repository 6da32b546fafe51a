package io.clickstream.dashboard.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.dashboard.health.DashboardMeters;
import io.clickstream.dashboard.state.EventIdGenerator;
import io.clickstream.dashboard.state.EventLog;
import io.clickstream.dashboard.state.RollingAggregates;
import io.clickstream.dashboard.state.StoredEvent;
import io.smallrye.common.annotation.Blocking;

/**
 * The one Kafka consumer of the dashboard: decodes each record, gives it an id, keeps it in the
 * {@link EventLog} and counts it in the {@link RollingAggregates}. Records that break the contract are
 * counted and skipped (the sink owns the dead-letter topic). Offsets are never committed: each start
 * begins at the latest offset.
 */
@ApplicationScoped
public class ClickConsumer {

    /** The channel name, as in {@code mp.messaging.incoming.clicks.*}. */
    public static final String CHANNEL = "clicks";
    private static final Logger LOG = Logger.getLogger(ClickConsumer.class);

    private final EventIdGenerator ids;
    private final EventLog log;
    private final RollingAggregates aggregates;
    private final ConsumerPositions positions;
    private final DashboardMeters meters;
    private final UserIdPseudonyms userIds;

    ClickConsumer(EventIdGenerator ids, EventLog log, RollingAggregates aggregates, ConsumerPositions positions,
            DashboardMeters meters, UserIdPseudonyms userIds) {
        this.userIds = userIds;
        this.ids = ids;
        this.log = log;
        this.aggregates = aggregates;
        this.positions = positions;
        this.meters = meters;
    }

    // blocking: decoding a burst must not hold the event loops that write to browsers
    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                accept(record, now);
            } catch (RuntimeException e) {
                meters.invalid();
                LOG.warnf(e, "skipped record %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
            positions.processed(record.topic(), record.partition(), record.offset());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record, long now) {
        DecodeResult decoded = ClickEventCodec.decode(record.value());
        if (!decoded.isValid()) {
            meters.invalid();
            LOG.debugf("skipped invalid record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    decoded.reason());
            return;
        }
        ClickEvent event = decoded.event();
        log.append(new StoredEvent(ids.next(), event, StreamJson.of(event, userIds), now));
        aggregates.record(event, now);
        meters.consumed();
    }
}
