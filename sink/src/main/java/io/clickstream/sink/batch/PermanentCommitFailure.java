package io.clickstream.sink.batch;

/**
 * A batch that retrying cannot commit (a bug, a corrupt table, a row the writer cannot encode, endless commit
 * conflicts). Nothing of the batch is committed; the sink stops consuming and reports itself failed.
 */
public final class PermanentCommitFailure extends RuntimeException {

    public PermanentCommitFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
