package io.clickstream.sink.status;

import java.util.Locale;

/** The sink's condition, as {@code GET /api/sink} and the health checks report it. */
public enum SinkState {
    /** Opening the table and joining the consumer group. */
    STARTING,
    /** Consuming and committing. */
    RUNNING,
    /** Storage calls fail; consumption is paused and the batch is retried with backoff. */
    STORAGE_FAILING,
    /**
     * Invalid records cannot be written to the dead-letter topic; they are retried with backoff, and the batch
     * holding them waits uncommitted (consumption pauses once the next batch is full).
     */
    DEAD_LETTERS_FAILING,
    /** Stopped for a reason retrying cannot fix (see the last error); needs an operator. */
    FAILED;

    /** The name in the APIs and health data: lower snake_case, like every status value the services report. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
