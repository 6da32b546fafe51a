// End-to-end latency probe for the sink, run by bench/sink-bench.sh (java source-file mode).
// Sends contract events at a fixed rate for a while, remembering each record's partition, offset and send time,
// and watches the Delta log: a record is visible once a commit's txn action for its partition reaches its offset.
// Prints the latency percentiles (produced -> visible in a Delta snapshot).
//
// Arguments: bootstrap topic tableDir eventsPerSecond seconds payloadFile appId
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class SinkLatencyProbe {

    record Sent(int partition, long offset, long sentNanos) {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        Path log = Path.of(args[2], "_delta_log");
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        List<byte[]> payloads = Files.readAllLines(Path.of(args[5])).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        String appPrefix = args[6] + "-" + topic + "-";

        // commit watcher: partition -> list of (txn version, time seen)
        Map<Integer, List<long[]>> visible = new ConcurrentHashMap<>();
        Set<String> seen = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (var files = Files.list(log)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        if (!seen.add(f.getFileName().toString())) {
                            continue;
                        }
                        long now = System.nanoTime();
                        for (String line : Files.readAllLines(f)) {
                            JsonNode n = json.readTree(line);
                            if (n.has("txn") && n.get("txn").get("appId").asText().startsWith(appPrefix)) {
                                int p = Integer.parseInt(n.get("txn").get("appId").asText().substring(appPrefix.length()));
                                visible.computeIfAbsent(p, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                        .add(new long[] { n.get("txn").get("version").asLong(), now });
                            }
                        }
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a commit file being renamed into place: read it next round
                }
            }
        }, "delta-log-watcher");
        watcher.setDaemon(true);
        // mark the commits already there as seen
        try (var files = Files.list(log)) {
            files.forEach(f -> seen.add(f.getFileName().toString()));
        }
        watcher.start();

        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("compression.type", "lz4");
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            int perTick = Math.max(1, rate / 100);
            long start = System.nanoTime();
            long total = (long) rate * seconds;
            for (long i = 0; i < total; i++) {
                long due = start + (i / perTick) * 10_000_000L;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                long t = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, null, payloads.get((int) (i % payloads.size()))), (md, e) -> {
                    if (e == null) {
                        sent.add(new Sent(md.partition(), md.offset(), t));
                    }
                });
            }
            producer.flush();
        }
        // wait until every record is visible (or 60 s)
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<Sent> all = new ArrayList<>(sent);
        long[] lat = new long[all.size()];
        int done = 0;
        while (System.nanoTime() < deadline) {
            done = 0;
            for (int i = 0; i < all.size(); i++) {
                Sent s = all.get(i);
                long when = -1;
                for (long[] v : visible.getOrDefault(s.partition(), List.of())) {
                    if (v[0] >= s.offset() && (when < 0 || v[1] < when)) {
                        when = v[1];
                    }
                }
                if (when >= 0) {
                    lat[i] = when - s.sentNanos();
                    done++;
                }
            }
            if (done == all.size()) {
                break;
            }
            Thread.sleep(200);
        }
        watcher.interrupt();
        Arrays.sort(lat);
        System.out.printf("latency_records=%d visible=%d%n", all.size(), done);
        System.out.printf("latency_p50_ms=%.0f%n", lat[(int) (lat.length * 0.50)] / 1e6);
        System.out.printf("latency_p99_ms=%.0f%n", lat[(int) (lat.length * 0.99)] / 1e6);
        System.out.printf("latency_max_ms=%.0f%n", lat[lat.length - 1] / 1e6);
    }
}
