package io.clickstream.sink.table;

/** Another writer committed something this transaction depended on: nothing was committed, start over. */
public class CommitConflictException extends Exception {

    public CommitConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
