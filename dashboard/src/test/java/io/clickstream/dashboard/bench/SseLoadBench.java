package io.clickstream.dashboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.clickstream.dashboard.support.ClickProducer;
import io.clickstream.dashboard.support.Events;
import io.clickstream.dashboard.support.SseConnection;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/**
 * Load client for the dashboard: N SSE clients on {@code /api/events/stream} while events are produced at a
 * fixed rate with {@code event_time} = the time of sending. Reports delivery latency (produced → received)
 * percentiles, events delivered and dropped, and the dashboard's RSS over the run.
 * <p>
 * Arguments: {@code --bootstrap host:port --host 127.0.0.1 --port 8080 --clients 100 --rate 1000
 * --duration 60 --warmup 10 --pid <dashboard pid> [--sampled 20] [--interval 10]
 * [--management-port <dashboard management port>]}. Latency is measured on every event of {@code sampled}
 * clients (the others only count), so the load client itself stays light.
 * <p>
 * Every {@code interval} seconds it prints one line, so a stall shows when it happens: the end-to-end latency
 * of that interval, split at the dashboard's SSE id (an id is the dashboard's consume time in millis × 1000)
 * into "produced → consumed by the dashboard" and "consumed → received here"; how late this JVM's own event
 * loops and send timer ran (if they are late, the client is the one stalling); and the dashboard's consumer
 * lag, dropped events and RSS.
 */
public final class SseLoadBench {

    private static final long DAY_MILLIS = 86_400_000L;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String bootstrap = a.getOrDefault("bootstrap", "127.0.0.1:9092");
        String host = a.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(a.getOrDefault("port", "8080"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "100"));
        int rate = Integer.parseInt(a.getOrDefault("rate", "1000"));
        int duration = Integer.parseInt(a.getOrDefault("duration", "60"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        int sampled = Math.min(clients, Integer.parseInt(a.getOrDefault("sampled", "20")));
        long pid = Long.parseLong(a.getOrDefault("pid", "-1"));
        int interval = Integer.parseInt(a.getOrDefault("interval", "10"));
        int managementPort = Integer.parseInt(a.getOrDefault("management-port", "-1"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(clients + 10)
                .setIdleTimeout(0).setConnectTimeout(30_000));
        Latencies latencies = new Latencies(sampled * rate * (duration + 5));
        Intervals intervals = new Intervals(interval * 1000L);
        LoopLag.probe(vertx, 2, intervals);
        LongAdder received = new LongAdder();
        LongAdder dropped = new LongAdder();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch opened = new CountDownLatch(clients);

        LongAdder rawBytes = new LongAdder();
        List<SseConnection> connections = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            if (i >= sampled) {
                // the other clients read and count bytes only: the load client must not be the bottleneck
                boolean[] first = { true };
                connections.add(SseConnection.openRaw(http, host, port, "/api/events/stream", buffer -> {
                    if (first[0]) {
                        first[0] = false;
                        opened.countDown();
                    } else if (System.currentTimeMillis() >= measuring.get()) {
                        rawBytes.add(buffer.length());
                    }
                }));
            } else {
                boolean[] first = { true };
                connections.add(SseConnection.open(http, host, port, "/api/events/stream", Map.of(), false, m -> {
                    if (!"events".equals(m.event()) && !"dropped".equals(m.event())) {
                        return;
                    }
                    if (first[0]) {
                        first[0] = false;
                        opened.countDown();
                        return; // the opening replay is old news
                    }
                    if ("dropped".equals(m.event())) {
                        dropped.add(Long.parseLong(m.data().replaceAll("\\D", "")));
                        return;
                    }
                    if (m.receivedAtMillis() < measuring.get()) {
                        return;
                    }
                    received.add(count(m.data()));
                    latencies.addAll(m.data(), m.receivedAtMillis(), intervals);
                    if (m.id() != null) {
                        // the id of a batch is the dashboard's consume time of its last event (millis x 1000)
                        intervals.fanOut(m.receivedAtMillis(), m.receivedAtMillis() - Long.parseLong(m.id()) / 1000);
                    }
                }));
            }
            if (i % 100 == 99) {
                Thread.sleep(50); // pace the connects, as browsers arriving over a few seconds would
            }
        }
        if (!opened.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - opened.getCount()) + " of " + clients + " clients connected");
        }
        System.out.printf("%d clients connected (load client pid %d); producing %d events/s for %d s (+%d s warm-up)%n",
                clients, ProcessHandle.current().pid(), rate, duration, warmup);

        RssSampler rss = new RssSampler(pid);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        timer.scheduleAtFixedRate(rss::sample, 0, 1, TimeUnit.SECONDS);
        LongAdder produced = new LongAdder();
        try (ClickProducer producer = new ClickProducer(bootstrap, "clicks")) {
            Random random = new Random(42);
            int perTick = Math.max(1, rate / 100);
            long start = System.currentTimeMillis();
            long startNanos = System.nanoTime();
            long[] ticks = { 0 };
            timer.scheduleAtFixedRate(() -> {
                // how late this tick runs against its schedule: a late timer means events leave late
                long late = (System.nanoTime() - startNanos) / 1_000_000 - 10 * ticks[0]++;
                intervals.timerLate(System.currentTimeMillis(), late);
                for (int i = 0; i < perTick; i++) {
                    producer.sendAsync(randomEvent(random));
                }
                if (System.currentTimeMillis() >= start + warmup * 1000L) {
                    produced.add(perTick);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            Thread.sleep(warmup * 1000L);
            long measuredFrom = System.currentTimeMillis() + 200;
            measuring.set(measuredFrom);
            intervals.start(measuredFrom);
            rss.markMeasured();
            Metrics metrics = new Metrics(host, managementPort);
            System.out.println(Intervals.HEADER);
            for (int i = 1; i * interval <= duration; i++) {
                Thread.sleep(Math.max(0, measuredFrom + i * interval * 1000L + 1000 - System.currentTimeMillis()));
                // 1 s after the interval's end, so its batches have arrived
                System.out.println(intervals.line(i - 1, metrics.read(), rss.last()));
            }
            Thread.sleep(Math.max(0, measuredFrom + duration * 1000L - System.currentTimeMillis()));
            timer.shutdownNow();
        }
        Thread.sleep(1000); // let in-flight batches arrive
        connections.forEach(SseConnection::close);
        http.close();
        vertx.close();

        long[] l = latencies.sorted();
        long expected = produced.sum() * sampled;
        System.out.println("---- result ----");
        System.out.printf("clients=%d rate=%d/s duration=%ds%n", clients, rate, duration);
        System.out.printf("latency ms (produced -> received, %d samples from %d clients): p50=%d p90=%d p99=%d max=%d%n",
                l.length, sampled, pct(l, 50), pct(l, 90), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1]);
        System.out.printf("sampled clients: events delivered=%d of ~%d produced x clients (%.2f %%), dropped=%d%n",
                received.sum(), expected, expected == 0 ? 0 : 100.0 * received.sum() / expected, dropped.sum());
        if (clients > sampled) {
            System.out.printf("other %d clients: %.1f MB/s received in total%n", clients - sampled,
                    rawBytes.sum() / 1e6 / duration);
        }
        System.out.println(rss.summary());
        System.out.println(intervals.summary(duration / interval));
        System.exit(0);
    }

    private static ClickEvent randomEvent(Random random) {
        String[] stores = { "wwi-toys", "wwi-novelty", "wwi-packaging" };
        EventType[] types = EventType.values();
        EventType type = types[random.nextInt(types.length)];
        return Events.event(stores[random.nextInt(3)], "bench-" + random.nextInt(5000), type,
                1 + random.nextInt(ClickEvent.MAX_PRODUCT_ID), random.nextInt(4) == 0 ? "spring-sale" : null,
                type == EventType.AD_CLICK ? "ad-" + random.nextInt(20) : null, Instant.now());
    }

    private static int count(String json) {
        int n = 0;
        for (int i = json.indexOf("\"event_id\""); i >= 0; i = json.indexOf("\"event_id\"", i + 10)) {
            n++;
        }
        return n;
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Latency samples; event times are read from the JSON text without a full parse. */
    static final class Latencies {
        private long[] values;
        private int size;

        Latencies(int capacity) {
            values = new long[Math.max(1024, Math.min(capacity, 50_000_000))];
        }

        synchronized void addAll(String json, long receivedAt, Intervals intervals) {
            long receivedOfDay = Math.floorMod(receivedAt, DAY_MILLIS);
            String key = "\"event_time\":\"";
            for (int i = json.indexOf(key); i >= 0; i = json.indexOf(key, i + 1)) {
                int t = i + key.length() + 11; // after "yyyy-MM-ddT"
                long ofDay = ((json.charAt(t) - '0') * 10 + (json.charAt(t + 1) - '0')) * 3_600_000L
                        + ((json.charAt(t + 3) - '0') * 10 + (json.charAt(t + 4) - '0')) * 60_000L
                        + ((json.charAt(t + 6) - '0') * 10 + (json.charAt(t + 7) - '0')) * 1_000L
                        + (json.charAt(t + 9) - '0') * 100 + (json.charAt(t + 10) - '0') * 10 + (json.charAt(t + 11) - '0');
                long latency = Math.floorMod(receivedOfDay - ofDay, DAY_MILLIS);
                if (size == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[size++] = latency;
                intervals.latency(receivedAt, latency);
            }
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    /** Per-interval figures: latency samples and the worst lateness of this JVM's own loops. */
    static final class Intervals {
        static final String HEADER = String.format("%-8s %-9s %8s %6s %6s %6s %7s | %8s %8s | %9s %9s | %8s %8s %7s",
                "ends at", "interval", "samples", "p50", "p99", "max", "late%", "fan p99", "fan max", "loop late", "timer late",
                "lag", "dropped", "rss MiB");

        private final long intervalMillis;
        private final List<LongList> latency = new ArrayList<>();
        private final List<LongList> fanOut = new ArrayList<>();
        private final List<long[]> late = new ArrayList<>(); // [0] = event loop, [1] = send timer
        private volatile long start = Long.MAX_VALUE;

        Intervals(long intervalMillis) {
            this.intervalMillis = intervalMillis;
        }

        void start(long millis) {
            start = millis;
        }

        private int index(long millis) {
            return millis < start ? -1 : (int) ((millis - start) / intervalMillis);
        }

        private static <T> T at(List<T> list, int i, java.util.function.Supplier<T> empty) {
            while (list.size() <= i) {
                list.add(empty.get());
            }
            return list.get(i);
        }

        synchronized void latency(long receivedAt, long millis) {
            int i = index(receivedAt);
            if (i >= 0) {
                at(latency, i, LongList::new).add(millis);
            }
        }

        synchronized void fanOut(long receivedAt, long millis) {
            int i = index(receivedAt);
            if (i >= 0) {
                at(fanOut, i, LongList::new).add(millis);
            }
        }

        synchronized void loopLate(long now, long millis) {
            int i = index(now);
            if (i >= 0) {
                long[] l = at(late, i, () -> new long[2]);
                l[0] = Math.max(l[0], millis);
            }
        }

        synchronized void timerLate(long now, long millis) {
            int i = index(now);
            if (i >= 0) {
                long[] l = at(late, i, () -> new long[2]);
                l[1] = Math.max(l[1], millis);
            }
        }

        synchronized String line(int i, String metrics, long rssMiB) {
            long[] l = at(latency, i, LongList::new).sorted();
            long[] f = at(fanOut, i, LongList::new).sorted();
            long[] lt = at(late, i, () -> new long[2]);
            long over = Arrays.stream(l).filter(v -> v > 250).count();
            String endsAt = java.time.LocalTime.ofInstant(Instant.ofEpochMilli(start + (i + 1) * intervalMillis),
                    java.time.ZoneOffset.UTC).withNano(0).toString();
            return String.format("%-8s %3d-%3ds %8d %6d %6d %6d %6.2f%% | %8d %8d | %7d ms %7d ms | %s %7d",
                    endsAt, i * intervalMillis / 1000, (i + 1) * intervalMillis / 1000, l.length, pct(l, 50), pct(l, 99),
                    l.length == 0 ? 0 : l[l.length - 1], l.length == 0 ? 0 : 100.0 * over / l.length, pct(f, 99),
                    f.length == 0 ? 0 : f[f.length - 1], lt[0], lt[1], metrics, rssMiB);
        }

        /** The worst of the first {@code count} intervals (later samples are the batches still in flight at the end). */
        synchronized String summary(int count) {
            long worst = 0;
            int worstAt = -1;
            for (int i = 0; i < Math.min(count, latency.size()); i++) {
                long p = pct(latency.get(i).sorted(), 99);
                if (p > worst) {
                    worst = p;
                    worstAt = i;
                }
            }
            return worstAt < 0 ? "intervals: none"
                    : String.format("worst interval p99: %d ms at %d-%d s", worst, worstAt * intervalMillis / 1000,
                            (worstAt + 1) * intervalMillis / 1000);
        }
    }

    /** A growable array of longs (a boxed list would put millions of objects on this JVM's heap). */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    /**
     * A 10 ms periodic timer on each of this JVM's event loops, recording how late it fires: a client event loop
     * busy for a second shows as a second of lateness here, and its SSE messages are read that much later.
     */
    static final class LoopLag {
        static void probe(Vertx vertx, int loops, Intervals intervals) {
            for (int i = 0; i < loops; i++) {
                // from a non-Vert.x thread each new context takes the next event loop
                vertx.getOrCreateContext().runOnContext(v -> {
                    long[] last = { System.nanoTime() };
                    vertx.setPeriodic(10, id -> {
                        long now = System.nanoTime();
                        intervals.loopLate(System.currentTimeMillis(), Math.max(0, (now - last[0]) / 1_000_000 - 10));
                        last[0] = now;
                    });
                });
            }
        }

        private LoopLag() {
        }
    }

    /** The dashboard's consumer lag and dropped events, read from its Prometheus endpoint. */
    static final class Metrics {
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        private final java.net.URI uri;

        Metrics(String host, int port) {
            this.uri = port <= 0 ? null : java.net.URI.create("http://" + host + ":" + port + "/q/metrics");
        }

        String read() {
            long lag = -1;
            long dropped = -1;
            if (uri != null) {
                try {
                    String body = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    for (String line : body.split("\n")) {
                        if (line.startsWith("clickstream_dashboard_consumer_lag")) {
                            lag = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        } else if (line.startsWith("clickstream_dashboard_sse_dropped_events_total")) {
                            dropped = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        }
                    }
                } catch (IOException e) {
                    // not available: shown as -1
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return String.format("%8d %8d", lag, dropped);
        }
    }

    /** The dashboard's resident set size, from /proc. */
    static final class RssSampler {
        private final long pid;
        private final List<Long> samples = new ArrayList<>();
        private int measuredFrom;

        RssSampler(long pid) {
            this.pid = pid;
        }

        synchronized long last() {
            return samples.isEmpty() ? -1 : samples.get(samples.size() - 1);
        }

        synchronized void markMeasured() {
            measuredFrom = samples.size();
        }

        synchronized void sample() {
            if (pid <= 0) {
                return;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        samples.add(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone: nothing to sample
            }
        }

        synchronized String summary() {
            if (samples.size() <= measuredFrom) {
                return "rss: not sampled (no --pid)";
            }
            List<Long> m = samples.subList(measuredFrom, samples.size());
            int half = m.size() / 2;
            long firstHalfMax = m.subList(0, Math.max(1, half)).stream().mapToLong(Long::longValue).max().orElse(0);
            long secondHalfMax = m.subList(half, m.size()).stream().mapToLong(Long::longValue).max().orElse(0);
            return String.format("dashboard rss MiB: start=%d max=%d end=%d (max of first half %d, of second half %d)",
                    m.get(0), m.stream().mapToLong(Long::longValue).max().orElse(0), m.get(m.size() - 1),
                    firstHalfMax, secondHalfMax);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            map.put(args[i].substring(2), args[i + 1]);
        }
        return map;
    }

    private SseLoadBench() {
    }

}
