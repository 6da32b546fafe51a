package io.clickstream.dashboard.sse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.health.DashboardMeters;
import io.clickstream.dashboard.state.EventLog;
import io.clickstream.dashboard.state.StoredEvent;
import io.vertx.core.http.HttpServerResponse;

/**
 * Fans the live tail out to the SSE clients. Every batch interval it publishes the events that arrived
 * since the last publication: one JSON array per distinct filter, encoded once as an SSE message whose bytes
 * are shared by all clients with that filter, the SSE id being the id of the array's last event.
 * <p>
 * A client joins under the same lock as publication, after receiving the buffered events between its
 * {@code Last-Event-ID} and the last published id: so it sees every event once, with no gap.
 */
@ApplicationScoped
public class EventHub {

    private final EventLog log;
    private final DashboardConfig.Sse config;
    private final DashboardMeters meters;
    private final SseAdmission admission;
    private final ClientGroup clients = new ClientGroup();
    private long lastPublishedId;

    EventHub(EventLog log, DashboardConfig config, DashboardMeters meters, SseAdmission admission) {
        this.log = log;
        this.admission = admission;
        this.config = config.sse();
        this.meters = meters;
        this.lastPublishedId = log.newestId();
    }

    /**
     * Streams to one client on {@code response}, from its connection's event loop, until the connection closes.
     *
     * @throws SseAdmission.Rejected when the client or filter cap is reached (before any response is sent)
     */
    public void subscribe(HttpServerResponse response, EventFilter filter, OptionalLong lastEventId) {
        SseAdmission.Ticket ticket = admission.admit(filter);
        SseClient[] client = new SseClient[1];
        client[0] = SseResponses.open(response, filter, config.clientQueueMessages(), config.clientQueueBytes(),
                meters::dropped, () -> {
                    clients.remove(client[0]);
                    ticket.release();
                });
        join(client[0], lastEventId);
        if (response.closed() || response.ended()) {
            // closed before it joined: the close handler ran before there was anything to remove
            clients.remove(client[0]);
            ticket.release();
        }
    }

    private synchronized void join(SseClient client, OptionalLong lastEventId) {
        EventFilter filter = client.filter();
        List<StoredEvent> first;
        if (lastEventId.isPresent() && canResume(lastEventId.getAsLong())) {
            first = log.between(lastEventId.getAsLong(), lastPublishedId, filter);
        } else {
            if (lastEventId.isPresent()) {
                String reset = "{\"reason\":\"events after id " + lastEventId.getAsLong()
                        + " are no longer buffered\",\"last_event_id\":" + lastEventId.getAsLong()
                        + ",\"oldest_resumable_id\":" + log.horizon() + "}";
                client.offer(SseFrame.of("reset", null, reset));
            }
            first = log.latest(config.initialEvents(), lastPublishedId, filter);
        }
        // always an opening message, even an empty array: it gives the client an id to resume from
        Batch batch = Batch.of(first, lastPublishedId);
        client.offer(SseFrame.of("events", Long.toString(batch.lastId), config.reconnectDelay().toMillis(),
                batch.json, batch.count, batch.lastId));
        clients.add(client);
    }

    private boolean canResume(long id) {
        return id <= lastPublishedId && log.coversAfter(id);
    }

    /** Publishes what arrived since the last call; called every batch interval by {@link SseScheduler}. */
    synchronized void publish() {
        long newest = log.newestId();
        if (newest <= lastPublishedId) {
            return;
        }
        List<StoredEvent> fresh = log.between(lastPublishedId, newest, e -> true);
        lastPublishedId = newest;
        if (fresh.isEmpty() || clients.size() == 0) {
            return;
        }
        // one encoded message per distinct filter; null when nothing matched it
        Map<EventFilter, SseFrame> messages = new HashMap<>();
        for (SseClient client : clients.all()) {
            SseFrame message = messages.computeIfAbsent(client.filter(), f -> {
                Batch batch = Batch.of(f == EventFilter.ALL ? fresh : fresh.stream().filter(f).toList(), -1);
                return batch.count == 0 ? null
                        : SseFrame.of("events", Long.toString(batch.lastId), -1, batch.json, batch.count, batch.lastId);
            });
            if (message != null) {
                client.offer(message);
            }
        }
    }

    /** The newest buffered events that match, and the id to resume a stream from after them. */
    public synchronized Recent recent(EventFilter filter, int limit) {
        return new Recent(lastPublishedId, log.latest(limit, lastPublishedId, filter));
    }

    public record Recent(long lastEventId, List<StoredEvent> events) {
        /** {@code {"last_event_id":…,"events":[…]}} */
        public String toJson() {
            return "{\"last_event_id\":" + lastEventId + ",\"events\":" + Batch.of(events, lastEventId).json + "}";
        }
    }

    void heartbeat() {
        clients.heartbeat();
    }

    /** Ends every stream: the browsers reconnect with their Last-Event-ID. */
    public void disconnectAll() {
        clients.closeAll();
    }

    public int clientCount() {
        return clients.size();
    }

    /** Events as one JSON array. */
    private record Batch(String json, int count, long lastId) {
        static Batch of(List<StoredEvent> events, long idWhenEmpty) {
            if (events.isEmpty()) {
                return new Batch("[]", 0, idWhenEmpty);
            }
            int size = 2;
            for (StoredEvent e : events) {
                size += e.json().length() + 1;
            }
            StringBuilder sb = new StringBuilder(size).append('[');
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(events.get(i).json());
            }
            return new Batch(sb.append(']').toString(), events.size(), events.get(events.size() - 1).id());
        }
    }
}
