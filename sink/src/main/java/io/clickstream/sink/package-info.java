/** The sink: Kafka {@code clicks} into a Delta Lake table, exactly once. */
package io.clickstream.sink;
