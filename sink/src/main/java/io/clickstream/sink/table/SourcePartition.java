package io.clickstream.sink.table;

/** A Kafka topic partition, named without Kafka's types. */
public record SourcePartition(String topic, int partition) implements Comparable<SourcePartition> {

    /** The Delta {@code txn} application id recording this partition's progress: {@code <app-id>-<topic>-<partition>}. */
    public String appId(String appIdPrefix) {
        return appIdPrefix + "-" + topic + "-" + partition;
    }

    @Override
    public int compareTo(SourcePartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
