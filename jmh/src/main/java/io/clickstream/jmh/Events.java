package io.clickstream.jmh;

import java.time.Instant;
import java.util.List;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.producer.simulation.ShopperSimulator;

/** The records every stage works on: simulated click events as the producer encodes them, on one date. */
final class Events {

    /** A default batch of the sink ({@code sink.batch.max-records}). */
    static final int BATCH = 50_000;

    private Events() {
    }

    static byte[][] encoded(int n) {
        // 50 events/s from midnight: a batch of 50,000 spans about 17 minutes of one date
        ShopperSimulator simulator = new ShopperSimulator(List.of("wwi-toys", "wwi-novelty", "wwi-packaging"), 1L,
                Instant.parse("2026-11-30T00:00:00Z"), 50, 100_000);
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            values[i] = ClickEventCodec.encode(simulator.next());
        }
        return values;
    }
}
