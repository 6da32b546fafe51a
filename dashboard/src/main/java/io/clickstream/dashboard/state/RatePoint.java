package io.clickstream.dashboard.state;

/** Events per second in the time slice that starts at {@code t} (epoch millis). */
public record RatePoint(long t, double eventsPerSecond) {
}
