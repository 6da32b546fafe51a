package io.clickstream.dashboard.sse;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * One SSE message in its wire form, encoded once and written as it is to every client that gets it.
 * <p>
 * Why not {@code OutboundSseEvent}: quarkus-rest formats an event again for each connection (the data through
 * its message body writer to bytes, back to a string, line by line into a builder, to bytes again). With a
 * batch of ~30 KB going to 1,000 clients ten times a second that was ~95 % of the dashboard's allocation and
 * its main CPU cost. A Vert.x heap {@link Buffer} can be written to any number of connections: each write
 * takes a slice of the same bytes, and Vert.x's heap buffers are never released by Netty.
 *
 * @param bytes  the message, ending with the blank line
 * @param events the click events it carries (0 for heartbeats, notices and statistics)
 * @param lastId the id of its last event, -1 when it carries none
 */
public record SseFrame(Buffer bytes, int events, long lastId) {

    /** A message with an {@code id:} (null for none), an {@code event:} name, a {@code retry:} (-1 for none). */
    public static SseFrame of(String name, String id, long retryMillis, String data, int events, long lastId) {
        StringBuilder sb = new StringBuilder(data.length() + 64);
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("event: ").append(name).append('\n');
        if (retryMillis >= 0) {
            sb.append("retry: ").append(retryMillis).append('\n');
        }
        // one data: line per line of the payload (JSON from Jackson has none, a multi-line text has several)
        int from = 0;
        for (int nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', from)) {
            sb.append("data: ").append(data, from, nl).append('\n');
            from = nl + 1;
        }
        sb.append("data: ").append(data, from, data.length()).append("\n\n");
        return new SseFrame(Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8)), events, lastId);
    }

    /** A message that carries no click events. */
    public static SseFrame of(String name, String id, String data) {
        return of(name, id, -1, data, 0, -1);
    }

    /** A comment line, which clients ignore and proxies see as traffic. */
    public static SseFrame comment(String text) {
        return new SseFrame(Buffer.buffer(":" + text + "\n\n"), 0, -1);
    }

    public int size() {
        return bytes.length();
    }
}
