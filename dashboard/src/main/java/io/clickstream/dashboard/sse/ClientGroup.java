package io.clickstream.dashboard.sse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
    void heartbeat() {
        if (clients.isEmpty()) {
            return;
        }
        SseFrame ping = SseFrame.comment("ping");
        for (SseClient c : clients) {
            c.offer(ping);
        }
    }

    void closeAll() {
        for (SseClient c : clients) {
            c.close();
        }
    }
}
