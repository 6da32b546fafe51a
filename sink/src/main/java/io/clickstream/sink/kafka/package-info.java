/** Kafka side: the batch consumer, offset recovery on assignment, dead letters, offset and lag reporting. */
package io.clickstream.sink.kafka;
