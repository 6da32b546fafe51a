package io.clickstream.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.clickstream.dashboard.health.DashboardMeters;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.support.DashboardTestBase;
import io.clickstream.dashboard.support.Events;
import io.clickstream.dashboard.support.SseConnection;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A client that stops reading loses events; a fast one next to it still gets every event. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SlowClientTest extends DashboardTestBase {

    @Inject
    DashboardMeters meters;

    @Inject
    EventHub hub;

    @Test
    void aStalledClientDropsEventsWithoutSlowingAFastOne() throws Exception {
        String store = unique("slow");
        int clientsBefore = hub.clientCount();
        double droppedBefore = meters.droppedEventCount();
        try (Socket stalled = stalledClient("/api/events/stream?store=" + store)) {
            SseConnection fast = sse("/api/events/stream?store=" + store);
            await().atMost(Duration.ofSeconds(20)).until(() -> !fast.messages("events").isEmpty()
                    && hub.clientCount() == clientsBefore + 2);

            // ~2.5 MB in 25 rounds: far more than the stalled client's socket buffers and its 10-message queue
            List<String> sent = new ArrayList<>();
            String bigSession = "x".repeat(800);
            for (int round = 0; round < 25; round++) {
                List<ClickEvent> chunk = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    chunk.add(Events.event(store, bigSession + i, EventType.PAGE_VIEW, null, null, null));
                }
                producer.send(chunk);
                chunk.forEach(e -> sent.add(e.eventId()));
                // the fast client keeps up round by round (so a loaded machine cannot make it overflow too),
                // while the stalled one accumulates one message per round until its queue drops
                int expected = sent.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(fast).size() >= expected);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(fast).size() >= sent.size());
            assertThat(new HashSet<>(eventIds(fast))).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(eventIds(fast)).hasSize(sent.size());
            assertThat(fast.messages("dropped")).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.droppedEventCount() > droppedBefore);
            // the stalled client is still connected: dropping is not disconnecting
            assertThat(hub.clientCount()).isEqualTo(clientsBefore + 2);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.clientCount() == clientsBefore + 1);
    }

    /** Sends the request, then never reads: with a tiny receive buffer the server's writes soon stall. */
    private Socket stalledClient(String uri) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", root.getPort()), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
