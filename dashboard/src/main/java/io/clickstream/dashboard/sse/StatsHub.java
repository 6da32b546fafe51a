package io.clickstream.dashboard.sse;

import jakarta.enterprise.context.ApplicationScoped;

import io.clickstream.dashboard.config.DashboardConfig;
import io.vertx.core.http.HttpServerResponse;

/** Sends the aggregates to the clients of {@code /api/stats/stream}; a slow client keeps only the newest few. */
@ApplicationScoped
public class StatsHub {

    /** A stats client that falls behind needs only the latest snapshot, not the history. */
    private static final int QUEUE_MESSAGES = 3;

    private final DashboardConfig.Sse config;
    private final SseAdmission admission;
    private final ClientGroup clients = new ClientGroup();

    StatsHub(DashboardConfig config, SseAdmission admission) {
        this.admission = admission;
        this.config = config.sse();
    }

    /**
     * Streams to one client on {@code response} (from its connection's event loop): first {@code currentJson},
     * then every {@link #broadcast}.
     *
     * @throws SseAdmission.Rejected when the client cap is reached
     */
    public void subscribe(HttpServerResponse response, long currentId, String currentJson) {
        SseAdmission.Ticket ticket = admission.admit(null);
        SseClient[] client = new SseClient[1];
        client[0] = SseResponses.open(response, EventFilter.ALL, QUEUE_MESSAGES, Integer.MAX_VALUE, events -> {
        }, () -> {
            clients.remove(client[0]);
            ticket.release();
        });
        client[0].offer(SseFrame.of("stats", Long.toString(currentId), config.reconnectDelay().toMillis(),
                currentJson, 0, -1));
        clients.add(client[0]);
        if (response.closed() || response.ended()) {
            clients.remove(client[0]);
            ticket.release();
        }
    }

    public void broadcast(long id, String json) {
        if (clients.size() == 0) {
            return;
        }
        SseFrame message = SseFrame.of("stats", Long.toString(id), json);
        for (SseClient c : clients.all()) {
            c.offer(message);
        }
    }

    void heartbeat() {
        clients.heartbeat();
    }

    public void disconnectAll() {
        clients.closeAll();
    }

    public int clientCount() {
        return clients.size();
    }
}
