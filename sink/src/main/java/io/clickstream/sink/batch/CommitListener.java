package io.clickstream.sink.batch;

/** Told what the committer does, for status, metrics, back-pressure and Kafka offset commits. */
public interface CommitListener {

    default void committed(CommitOutcome outcome) {
    }

    /** A storage attempt failed; the batch will be retried after {@code retryInMillis}. */
    default void storageFailed(Exception error, int attempt, long retryInMillis) {
    }

    /** A commit succeeded after failures. */
    default void storageRecovered() {
    }

    /** A concurrent writer committed the same partitions' offsets first; the batch is re-checked. */
    default void conflict() {
    }
}
