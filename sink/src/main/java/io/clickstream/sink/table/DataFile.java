package io.clickstream.sink.table;

import java.util.Map;

/**
 * A data file written for the table but not yet committed.
 *
 * @param path            relative to the table root, e.g. {@code event_date=2026-11-25/part-....snappy.parquet}
 * @param partitionValues partition column → value as the Delta log spells it
 * @param statsJson       column statistics as a JSON object ({@code numRecords}, {@code minValues}, ...)
 */
public record DataFile(String path, Map<String, String> partitionValues, long sizeBytes, long modificationTime,
        long numRecords, String statsJson) {
}
