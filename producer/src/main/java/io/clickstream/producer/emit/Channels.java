package io.clickstream.producer.emit;

/** Reactive Messaging channel names, shared with tests. */
public final class Channels {

    public static final String CLICKS = "clicks";

    private Channels() {
    }
}
