/** What the sink is doing: state, counters, per-partition progress and lag, and their Prometheus metrics. */
package io.clickstream.sink.status;
