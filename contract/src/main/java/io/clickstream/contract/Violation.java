package io.clickstream.contract;

/** One problem with an incoming event: the JSON field it concerns and what is wrong. */
public record Violation(String field, String problem) {

    /** Field name used for problems with the record as a whole (not JSON, empty, not an object). */
    public static final String RECORD = "$";

    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
