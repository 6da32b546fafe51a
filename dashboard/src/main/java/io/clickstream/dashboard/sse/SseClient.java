package io.clickstream.dashboard.sse;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;

/**
 * One connected SSE client: a bounded queue that drops its oldest messages when the client reads too
 * slowly, written to the connection only while its write queue has room (on the connection's own Vert.x
 * context). Producers never wait on it, so one slow browser cannot slow the consumer or the other clients.
 */
public final class SseClient {

    /** Receives the number of events in each message dropped. */
    public interface DropListener {
        void dropped(int events);
    }

    private final EventFilter filter;
    private final HttpServerResponse response;
    private final Context context;
    private final int maxMessages;
    private final int maxBytes;
    private final DropListener dropListener;
    private final ArrayDeque<SseFrame> queue = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean closed;
    private int queuedBytes;
    private long droppedEvents;
    private long droppedUpToId;

    /**
     * @param response a response whose status and headers are already sent; {@code context} is its connection's
     */
    SseClient(EventFilter filter, HttpServerResponse response, Context context, int maxMessages, int maxBytes,
            DropListener dropListener) {
        this.filter = filter;
        this.response = response;
        this.context = context;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.dropListener = dropListener;
    }

    EventFilter filter() {
        return filter;
    }

    /** Queues a message; drops the oldest queued messages beyond the bounds. Never blocks. */
    void offer(SseFrame frame) {
        if (closed) {
            return; // a publication racing with the close: the connection is gone
        }
        synchronized (queue) {
            queue.addLast(frame);
            queuedBytes += frame.size();
            while (queue.size() > 1 && (queue.size() > maxMessages || queuedBytes > maxBytes)) {
                SseFrame dropped = queue.pollFirst();
                queuedBytes -= dropped.size();
                if (dropped.events() > 0) {
                    droppedEvents += dropped.events();
                    droppedUpToId = Math.max(droppedUpToId, dropped.lastId());
                    dropListener.dropped(dropped.events());
                }
            }
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!closed && drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    /** Writes while the connection takes more; when it is full, Vert.x calls back once it has drained. */
    private void drain() {
        while (!closed) {
            if (response.writeQueueFull()) {
                response.drainHandler(v -> drain());
                return;
            }
            SseFrame next;
            synchronized (queue) {
                if (droppedEvents > 0) {
                    // tell the client what it missed; the id moves it past the dropped events
                    next = SseFrame.of("dropped", Long.toString(droppedUpToId),
                            "{\"dropped_events\":" + droppedEvents + "}");
                    droppedEvents = 0;
                } else {
                    next = queue.pollFirst();
                    if (next == null) {
                        return;
                    }
                    queuedBytes -= next.size();
                }
            }
            response.write(next.bytes());
        }
    }

    /** The connection is gone: nothing more is written or queued. */
    void closed() {
        closed = true;
        synchronized (queue) {
            queue.clear();
            queuedBytes = 0;
        }
    }

    /** Ends the stream (the browser reconnects by itself). */
    void close() {
        context.runOnContext(v -> {
            if (!closed) {
                closed = true;
                response.end();
            }
        });
    }

    int queuedMessages() {
        synchronized (queue) {
            return queue.size();
        }
    }
}
