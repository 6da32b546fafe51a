package io.clickstream.dashboard.sse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.clickstream.dashboard.config.DashboardConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Sends the aggregates to the clients of {@code /api/stats/stream}; a slow client keeps only the newest few. */
@ApplicationScoped
public class StatsHub {

    /** A stats client that falls behind needs only the latest snapshot, not the history. */
    private static final int QUEUE_MESSAGES = 3;

    private final DashboardConfig.Sse config;
    private final Vertx vertx;
    private final SseAdmission admission;
    private final ClientGroup clients = new ClientGroup();
    private volatile Sse sse;

    StatsHub(DashboardConfig config, Vertx vertx, SseAdmission admission) {
        this.admission = admission;
        this.config = config.sse();
        this.vertx = vertx;
    }

    /**
     * A stream that starts with {@code currentJson} and then gets every {@link #broadcast}.
     *
     * @throws SseAdmission.Rejected when the client cap is reached
     */
    public Multi<OutboundSseEvent> subscribe(Sse sse, long currentId, String currentJson) {
        SseAdmission.Ticket ticket = admission.admit(null);
        this.sse = sse;
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
            SseClient client = new SseClient(EventFilter.ALL, emitter, context, sse, QUEUE_MESSAGES,
                    Integer.MAX_VALUE, events -> {
                    });
            emitter.onTermination(() -> {
                clients.remove(client);
                ticket.release();
            });
            emitter.onRequest(n -> client.scheduleDrain());
            client.offer(message(sse, currentId, currentJson)
                    .reconnectDelay(config.reconnectDelay().toMillis()).build(), currentJson.length());
            clients.add(client);
            if (emitter.isCancelled()) {
                clients.remove(client);
                ticket.release();
            }
        }, BackPressureStrategy.ERROR);
    }

    public void broadcast(long id, String json) {
        Sse s = sse;
        if (s == null || clients.size() == 0) {
            return;
        }
        OutboundSseEvent message = message(s, id, json).build();
        for (SseClient c : clients.all()) {
            c.offer(message, json.length());
        }
    }

    private static OutboundSseEvent.Builder message(Sse sse, long id, String json) {
        return sse.newEventBuilder().name("stats").id(Long.toString(id)).data(json);
    }

    void heartbeat() {
        clients.heartbeat(sse);
    }

    public void disconnectAll() {
        clients.closeAll();
    }

    public int clientCount() {
        return clients.size();
    }
}
