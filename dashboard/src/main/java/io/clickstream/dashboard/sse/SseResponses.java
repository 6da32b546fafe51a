package io.clickstream.dashboard.sse;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** Opens SSE responses and ties a client's lifetime to its connection. */
final class SseResponses {

    private SseResponses() {
    }

    /**
     * Sends the status and headers of an event stream and makes a client on it; {@code onClose} runs once when
     * the connection closes (or the response ends), whoever ends it.
     */
    static SseClient open(HttpServerResponse response, EventFilter filter, int maxMessages, int maxBytes,
            SseClient.DropListener dropListener, Runnable onClose) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("an SSE stream is opened on its connection's event loop");
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        SseClient client = new SseClient(filter, response, context, maxMessages, maxBytes, dropListener);
        Runnable ended = () -> {
            client.closed();
            onClose.run();
        };
        response.closeHandler(v -> ended.run());
        response.endHandler(v -> ended.run());
        // the headers go out now, so a client sees the stream open before the first message
        response.writeHead();
        return client;
    }
}
