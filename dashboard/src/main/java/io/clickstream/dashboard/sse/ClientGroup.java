package io.clickstream.dashboard.sse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** The connected clients of one stream. */
final class ClientGroup {

    private final List<SseClient> clients = new CopyOnWriteArrayList<>();

    void add(SseClient client) {
        clients.add(client);
    }

    void remove(SseClient client) {
        clients.remove(client);
    }

    List<SseClient> all() {
        return clients;
    }

    int size() {
        return clients.size();
    }

    /** A comment line to every client, so proxies see traffic on idle streams. */
    void heartbeat(Sse sse) {
        if (sse == null || clients.isEmpty()) {
            return;
        }
        OutboundSseEvent ping = sse.newEventBuilder().comment("ping").build();
        for (SseClient c : clients) {
            c.offer(ping, 8);
        }
    }

    void closeAll() {
        for (SseClient c : clients) {
            c.close();
        }
    }
}
