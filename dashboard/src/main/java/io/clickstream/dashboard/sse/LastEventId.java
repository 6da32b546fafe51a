package io.clickstream.dashboard.sse;

import java.util.OptionalLong;

/** Reads a client's {@code Last-Event-ID}: anything that is not a non-negative number means "none". */
public final class LastEventId {

    private LastEventId() {
    }

    /** The header wins over the query parameter (a page that opens a new EventSource can only use the latter). */
    public static OptionalLong parse(String header, String queryParameter) {
        OptionalLong fromHeader = parse(header);
        return fromHeader.isPresent() ? fromHeader : parse(queryParameter);
    }

    public static OptionalLong parse(String value) {
        if (value == null || value.isBlank() || value.length() > 19) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(value.trim());
            return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
