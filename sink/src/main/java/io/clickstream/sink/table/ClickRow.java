package io.clickstream.sink.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.clickstream.contract.ClickEvent;

/**
 * One table row: a valid event and where it came from.
 *
 * @param ingestTime  when the sink read it (millisecond precision)
 * @param rescuedData the event's fields its contract version does not define, as a JSON object; null when none
 */
public record ClickRow(ClickEvent event, int kafkaPartition, long kafkaOffset, Instant ingestTime, String rescuedData) {

    public ClickRow(ClickEvent event, int kafkaPartition, long kafkaOffset, Instant ingestTime) {
        this(event, kafkaPartition, kafkaOffset, ingestTime, null);
    }

    /** The partition column: the event's date in UTC. */
    public LocalDate eventDate() {
        return LocalDate.ofInstant(event.eventTime(), ZoneOffset.UTC);
    }
}
