package io.clickstream.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.producer.simulation.ShopperSimulator;

/**
 * Writes simulated click events as JSON, one per line: the payload file for Kafka's ProducerPerformance, so the
 * baseline sends records of the same size and compressibility as the producer service.
 * <p>
 * Arguments: output file, number of events.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SampleEvents <output-file> <count>");
            System.exit(2);
        }
        int count = Integer.parseInt(args[1]);
        ShopperSimulator simulator = new ShopperSimulator(List.of("wwi-toys", "wwi-novelty", "wwi-packaging"), 1L,
                Instant.now(), 1_000, 100_000);
        long bytes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                ClickEvent event = simulator.next();
                String json = ClickEventCodec.encodeToString(event);
                bytes += json.length();
                out.write(json);
                out.write('\n');
            }
        }
        System.out.printf("%d events, %.0f bytes on average%n", count, bytes / (double) count);
    }
}
