package io.clickstream.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of decoding one record: an event, or every problem found with it.
 *
 * @param event         the event, or null when there are violations
 * @param violations    every problem found, each naming its field; empty when valid
 * @param unknownFields names of extra JSON fields the contract does not define (accepted, ignored)
 */
public record DecodeResult(ClickEvent event, List<Violation> violations, List<String> unknownFields) {

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** One line naming every problem, for logs and dead-letter headers. */
    public String reason() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
