package io.clickstream.sink.kafka;

/** Channel and bean names, shared by the code, the configuration and the tests. */
public final class Channels {

    /** The incoming channel reading the clicks topic. */
    public static final String CLICKS = "clicks";
    /** The outgoing channel of the dead-letter topic. */
    public static final String DLQ = "clicks-dlq";
    /** The rebalance listener that seeks to the table's offsets. */
    public static final String OFFSET_RECOVERY = "sink-offset-recovery";

    public static final String HEADER_REASON = "dead-letter-reason";
    public static final String HEADER_TOPIC = "dead-letter-topic";
    public static final String HEADER_PARTITION = "dead-letter-partition";
    public static final String HEADER_OFFSET = "dead-letter-offset";
    public static final String HEADER_VALUE_DROPPED = "dead-letter-value-dropped";

    private Channels() {
    }
}
