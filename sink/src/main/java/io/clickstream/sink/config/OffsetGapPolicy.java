package io.clickstream.sink.config;

/** {@code sink.on-offset-gap}: records deleted from Kafka before the table got them. */
public enum OffsetGapPolicy {
    /** Stop the sink (liveness DOWN) naming the partition and the offsets lost. */
    FAIL,
    /** Go on from the log start; record the gap in the table's history, a metric and the log. */
    ACCEPT
}
