package io.clickstream.sink.compact;

/** Told what the compactor does, for status and metrics. Called on the compactor's thread. */
public interface CompactionListener {

    /** One partition's rewrite was committed. */
    default void compacted(CompactionResult result) {
    }

    /** A round ended without error (whether or not anything was due). */
    default void roundCompleted() {
    }

    /** A round stopped on an error; the next round tries again. */
    default void roundFailed(Exception error) {
    }
}
