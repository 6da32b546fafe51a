package io.clickstream.dashboard.api;

/** A request parameter the API cannot accept; answered with HTTP 400 and the message. */
public class BadParameterException extends RuntimeException {

    public BadParameterException(String message) {
        super(message);
    }
}
