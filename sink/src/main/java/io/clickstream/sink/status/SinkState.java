package io.clickstream.sink.status;

/** The sink's condition, as {@code GET /api/sink} and the health checks report it. */
public enum SinkState {
    /** Opening the table and joining the consumer group. */
    STARTING,
    /** Consuming and committing. */
    RUNNING,
    /** Storage calls fail; consumption is paused and the batch is retried with backoff. */
    STORAGE_FAILING,
    /** Stopped for a reason retrying cannot fix (see the last error); needs an operator. */
    FAILED
}
