package io.clickstream.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of decoding one record: an event, or every problem found with it.
 *
 * @param event         the event, or null when there are violations
 * @param violations    every problem found, each naming its field; empty when valid
 * @param unknownFields names of extra JSON fields the event's contract version does not define (accepted and
 *                      kept in {@code rescuedData})
 * @param rescuedData   for a valid event with unknown fields: a JSON object of exactly those fields and their
 *                      values (nested values included); null when there are none or the event is not valid
 */
public record DecodeResult(ClickEvent event, List<Violation> violations, List<String> unknownFields, String rescuedData) {

    public DecodeResult(ClickEvent event, List<Violation> violations, List<String> unknownFields) {
        this(event, violations, unknownFields, null);
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** One line naming every problem, for logs and dead-letter headers. */
    public String reason() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
