package io.clickstream.dashboard.state;

import io.clickstream.contract.ClickEvent;

/**
 * An event as the dashboard keeps it.
 *
 * @param id         the SSE id: increasing in arrival order, also across restarts (see {@link EventIdGenerator})
 * @param event      the decoded event
 * @param json       its contract JSON, serialised once and shared by every client
 * @param receivedAt wall-clock millis when the dashboard consumed it
 */
public record StoredEvent(long id, ClickEvent event, String json, long receivedAt) {
}
