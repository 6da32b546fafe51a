package io.clickstream.producer.simulation;

import java.util.SplittableRandom;
import java.util.UUID;

/** Ids drawn from the simulation's random source, so a seed reproduces them. */
final class Ids {

    String uuid(SplittableRandom random) {
        long msb = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L; // version 4
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }

    String sessionId(SplittableRandom random) {
        return "s-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /** Pseudonymous: a number, never anything that identifies a person. */
    String userId(SplittableRandom random) {
        return "u-" + random.nextInt(250_000);
    }
}
