package io.clickstream.dashboard.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.parsetools.RecordParser;

/**
 * A minimal SSE reader on a Vert.x HTTP client: parses {@code id:}, {@code event:}, {@code data:} and
 * comment lines into messages. Used by the tests and the load benchmark.
 */
public final class SseConnection implements AutoCloseable {

    /** One SSE message (or a comment, when {@code comment} is not null). */
    public record Message(String id, String event, String data, String comment, long receivedAtMillis) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile HttpClientRequest request;
    private volatile io.vertx.core.MultiMap headers;
    private volatile String errorBody;
    private volatile boolean ended;
    private final boolean keep;
    private final Consumer<Message> listener;

    private String id;
    private String event;
    private StringBuilder data;

    private SseConnection(boolean keep, Consumer<Message> listener) {
        this.keep = keep;
        this.listener = listener;
    }

    /**
     * Opens a stream; {@code keep} = false does not store messages (for many clients in a benchmark).
     */
    public static SseConnection open(HttpClient client, String host, int port, String uri,
            Map<String, String> headers, boolean keep, Consumer<Message> listener) {
        SseConnection c = new SseConnection(keep, listener);
        client.request(HttpMethod.GET, port, host, uri).compose(req -> {
            c.request = req;
            req.putHeader("Accept", "text/event-stream");
            headers.forEach(req::putHeader);
            return req.send();
        }).onSuccess(resp -> {
            c.headers = resp.headers();
            if (resp.statusCode() != 200) {
                // an error answer, not a stream: keep its body
                resp.body().onComplete(body -> {
                    c.errorBody = body.succeeded() ? body.result().toString() : "";
                    c.ended = true;
                    c.status.complete(resp.statusCode());
                });
                return;
            }
            c.status.complete(resp.statusCode());
            RecordParser lines = RecordParser.newDelimited("\n", c::line);
            resp.handler(lines);
            resp.endHandler(v -> c.ended = true);
            resp.exceptionHandler(e -> c.ended = true);
        }).onFailure(e -> {
            c.status.completeExceptionally(e);
            c.ended = true;
        });
        return c;
    }

    /** Opens a stream whose bytes are only handed to {@code bytes}, unparsed (cheap, for load tests). */
    public static SseConnection openRaw(HttpClient client, String host, int port, String uri,
            Consumer<Buffer> bytes) {
        SseConnection c = new SseConnection(false, m -> {
        });
        client.request(HttpMethod.GET, port, host, uri).compose(req -> {
            c.request = req;
            req.putHeader("Accept", "text/event-stream");
            return req.send();
        }).onSuccess(resp -> {
            c.status.complete(resp.statusCode());
            resp.handler(bytes::accept);
            resp.endHandler(v -> c.ended = true);
            resp.exceptionHandler(e -> c.ended = true);
        }).onFailure(e -> {
            c.status.completeExceptionally(e);
            c.ended = true;
        });
        return c;
    }

    public static SseConnection open(HttpClient client, int port, String uri, Map<String, String> headers) {
        return open(client, "127.0.0.1", port, uri, headers, true, m -> {
        });
    }

    private void line(Buffer buffer) {
        String line = buffer.toString();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        long now = System.currentTimeMillis();
        if (line.isEmpty()) {
            if (data != null || event != null) {
                deliver(new Message(id, event, data == null ? "" : data.toString(), null, now));
            }
            id = null;
            event = null;
            data = null;
        } else if (line.startsWith(":")) {
            deliver(new Message(null, null, null, line.substring(1).trim(), now));
        } else {
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // retry: and unknown fields
                }
            }
        }
    }

    private void deliver(Message m) {
        if (keep) {
            messages.add(m);
        }
        listener.accept(m);
    }

    /** The HTTP status, waiting for it up to 10 s. */
    public int status() {
        try {
            return status.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no response", e);
        }
    }

    /** A response header, once {@link #status()} returned. */
    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }

    /** The body of a response other than 200, once {@link #status()} returned. */
    public String errorBody() {
        return errorBody;
    }

    public List<Message> messages() {
        return messages;
    }

    /** Messages that carry data (not comments), of the given event name. */
    public List<Message> messages(String eventName) {
        return messages.stream().filter(m -> eventName.equals(m.event())).toList();
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        HttpClientRequest r = request;
        if (r != null) {
            r.connection().close();
        }
    }
}
