package io.clickstream.sink.table;

import java.time.LocalDate;
import java.util.Map;

/**
 * A data file the table holds (committed), as a snapshot lists it, without its statistics.
 *
 * @param path            relative to the table root, e.g. {@code event_date=2026-11-25/part-....snappy.parquet}
 * @param partitionValues partition column → value as the Delta log spells it
 */
public record TableFile(String path, Map<String, String> partitionValues, long sizeBytes, long modificationTime) {

    /** The file's {@code event_date} partition. */
    public LocalDate eventDate() {
        return LocalDate.parse(partitionValues.get(TableSchema.PARTITION_COLUMN));
    }
}
