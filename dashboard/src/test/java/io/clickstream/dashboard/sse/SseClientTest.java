package io.clickstream.dashboard.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The per-client queue and what it writes, against a stand-in response whose write queue the test fills and
 * drains: every client is handed the same encoded bytes, a full connection queues then drops its oldest
 * messages, and writing resumes when the connection drains.
 */
class SseClientTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Records the buffers written; {@code full} says whether its write queue is full. */
    static final class FakeResponse {
        final List<Buffer> written = new CopyOnWriteArrayList<>();
        final AtomicBoolean full = new AtomicBoolean();
        final AtomicReference<Handler<Void>> drainHandler = new AtomicReference<>();
        final HttpServerResponse response = (HttpServerResponse) Proxy.newProxyInstance(
                HttpServerResponse.class.getClassLoader(), new Class<?>[] { HttpServerResponse.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "write" -> {
                        written.add((Buffer) args[0]);
                        yield null;
                    }
                    case "writeQueueFull" -> full.get();
                    case "drainHandler" -> {
                        @SuppressWarnings("unchecked")
                        Handler<Void> h = (Handler<Void>) args[0];
                        drainHandler.set(h);
                        yield proxy;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        void drain() {
            full.set(false);
            Handler<Void> h = drainHandler.getAndSet(null);
            if (h != null) {
                vertx.runOnContext(v -> h.handle(null));
            }
        }
    }

    private static SseClient client(FakeResponse r, int maxMessages, AtomicInteger dropped) {
        Context context = vertx.getOrCreateContext();
        return new SseClient(EventFilter.ALL, r.response, context, maxMessages, Integer.MAX_VALUE, dropped::addAndGet);
    }

    private static SseFrame batch(long lastId) {
        return SseFrame.of("events", Long.toString(lastId), -1, "[" + lastId + "]", 10, lastId);
    }

    @Test
    void everyClientIsHandedTheSameEncodedBytes() {
        // the point of encoding once: a thousand clients cost a thousand writes of one buffer, not a thousand encodings
        FakeResponse a = new FakeResponse();
        FakeResponse b = new FakeResponse();
        AtomicInteger dropped = new AtomicInteger();
        SseClient ca = client(a, 100, dropped);
        SseClient cb = client(b, 100, dropped);
        SseFrame frame = batch(7);

        ca.offer(frame);
        cb.offer(frame);

        await().atMost(Duration.ofSeconds(5)).until(() -> a.written.size() == 1 && b.written.size() == 1);
        assertThat(a.written.get(0)).isSameAs(frame.bytes());
        assertThat(b.written.get(0)).isSameAs(frame.bytes());
        assertThat(dropped).hasValue(0);
    }

    @Test
    void aFullConnectionQueuesThenDropsItsOldestAndResumesOnDrain() {
        FakeResponse r = new FakeResponse();
        r.full.set(true);
        AtomicInteger dropped = new AtomicInteger();
        SseClient c = client(r, 3, dropped);

        for (long id = 1; id <= 5; id++) {
            c.offer(batch(id));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> r.drainHandler.get() != null);
        assertThat(r.written).isEmpty();
        assertThat(c.queuedMessages()).isEqualTo(3);
        assertThat(dropped).hasValue(20); // batches 1 and 2, 10 events each

        r.drain();

        await().atMost(Duration.ofSeconds(5)).until(() -> r.written.size() == 4);
        // first the notice, whose id moves the client past what it lost, then the newest three batches
        assertThat(r.written.get(0).toString()).isEqualTo("id: 2\nevent: dropped\ndata: {\"dropped_events\":20}\n\n");
        assertThat(r.written.subList(1, 4)).extracting(Buffer::toString).containsExactly(
                "id: 3\nevent: events\ndata: [3]\n\n", "id: 4\nevent: events\ndata: [4]\n\n",
                "id: 5\nevent: events\ndata: [5]\n\n");
    }

    @Test
    void nothingIsWrittenAfterTheConnectionClosed() {
        FakeResponse r = new FakeResponse();
        SseClient c = client(r, 100, new AtomicInteger());
        c.closed();
        c.offer(batch(1));
        assertThat(c.queuedMessages()).isZero();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> r.written.isEmpty());
    }
}
