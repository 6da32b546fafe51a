/**
 * The producer: simulates shoppers on several online stores and emits their click events to Kafka at a
 * controllable rate. {@code simulation} knows shoppers, {@code emit} the stream and its rate, {@code kafka} the
 * topic, {@code api} the REST control.
 */
package io.clickstream.producer;
