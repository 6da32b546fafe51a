package io.clickstream.sink.batch;

import java.time.Duration;

/** When a batch is flushed: at {@code maxRecords}, at {@code maxBytes}, or {@code maxAge} after its first record. */
public record BatchLimits(int maxRecords, long maxBytes, Duration maxAge) {

    public BatchLimits {
        if (maxRecords < 1 || maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxRecords + " records, "
                    + maxBytes + " bytes, " + maxAge);
        }
    }

    boolean isFull(Batch b) {
        return b.records() >= maxRecords || b.bytes() >= maxBytes;
    }
}
