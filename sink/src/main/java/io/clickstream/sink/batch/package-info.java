/**
 * Micro-batching and committing: a bounded, double-buffered batcher with record, byte and time limits,
 * one flusher thread, and the committer that turns a batch into one table commit carrying the Kafka
 * offsets. Knows neither Kafka's nor the storage libraries' types.
 */
package io.clickstream.sink.batch;
