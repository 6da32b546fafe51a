package io.clickstream.dashboard.sse;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;

/**
 * One connected SSE client: a bounded queue that drops its oldest messages when the client reads too
 * slowly, drained only as fast as the connection asks for more (on the connection's own Vert.x context).
 * Producers never wait on it, so one slow browser cannot slow the consumer or the other clients.
 */
public final class SseClient {

    /** Receives the number of events in each message dropped. */
    public interface DropListener {
        void dropped(int events);
    }

    private record Item(OutboundSseEvent event, int events, int bytes, long lastId) {
    }

    private final EventFilter filter;
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Context context;
    private final Sse sse;
    private final int maxMessages;
    private final int maxBytes;
    private final DropListener dropListener;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private int queuedBytes;
    private long droppedEvents;
    private long droppedUpToId;

    SseClient(EventFilter filter, MultiEmitter<? super OutboundSseEvent> emitter, Context context, Sse sse,
            int maxMessages, int maxBytes, DropListener dropListener) {
        this.filter = filter;
        this.emitter = emitter;
        this.context = context;
        this.sse = sse;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.dropListener = dropListener;
    }

    EventFilter filter() {
        return filter;
    }

    /** Queues a message that carries no events (a heartbeat, a reset notice, statistics). */
    void offer(OutboundSseEvent event, int bytes) {
        offer(event, 0, bytes, -1);
    }

    /**
     * Queues a message carrying {@code events} events, the last with id {@code lastId}; drops the oldest
     * queued messages beyond the bounds. Never blocks.
     */
    void offer(OutboundSseEvent event, int events, int bytes, long lastId) {
        synchronized (queue) {
            queue.addLast(new Item(event, events, bytes, lastId));
            queuedBytes += bytes;
            while (queue.size() > 1 && (queue.size() > maxMessages || queuedBytes > maxBytes)) {
                Item dropped = queue.pollFirst();
                queuedBytes -= dropped.bytes;
                if (dropped.events > 0) {
                    droppedEvents += dropped.events;
                    droppedUpToId = Math.max(droppedUpToId, dropped.lastId);
                    dropListener.dropped(dropped.events);
                }
            }
        }
        scheduleDrain();
    }

    void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        while (!emitter.isCancelled() && emitter.requested() > 0) {
            OutboundSseEvent next;
            synchronized (queue) {
                if (droppedEvents > 0) {
                    // tell the client what it missed; the id moves it past the dropped events
                    next = sse.newEventBuilder().name("dropped").id(Long.toString(droppedUpToId))
                            .data("{\"dropped_events\":" + droppedEvents + "}").build();
                    droppedEvents = 0;
                } else {
                    Item item = queue.pollFirst();
                    if (item == null) {
                        return;
                    }
                    queuedBytes -= item.bytes;
                    next = item.event;
                }
            }
            emitter.emit(next);
        }
    }

    /** Ends the stream (the browser reconnects by itself). */
    void close() {
        context.runOnContext(v -> {
            if (!emitter.isCancelled()) {
                emitter.complete();
            }
        });
    }

    int queuedMessages() {
        synchronized (queue) {
            return queue.size();
        }
    }
}
