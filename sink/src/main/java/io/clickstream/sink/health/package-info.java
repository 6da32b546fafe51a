/** Readiness (storage) and liveness (fatal state) checks; Kafka's own checks come from the messaging extension. */
package io.clickstream.sink.health;
