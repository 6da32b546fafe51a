package io.clickstream.producer.simulation;

import java.util.List;
import java.util.SplittableRandom;

import io.clickstream.contract.EventType;

/**
 * A session's contract version 2 fields: some sessions take part in an A/B test (one experiment, one variant for
 * the whole visit), and some purchases use a coupon.
 * <p>
 * Drawn from the session's own random stream (seeded from the simulation seed and the session's number), not from
 * the simulation's: a seeded run emits the same shoppers, events and version 1 fields whichever version it emits.
 */
final class Marketing {

    static final List<String> EXPERIMENTS = List.of("checkout-button-2026q4", "free-shipping-banner");
    static final List<String> VARIANTS = List.of("control", "B");
    static final List<String> COUPONS = List.of("WELCOME10", "BF-2026", "FREESHIP");
    /** Share of sessions in an experiment. */
    static final double IN_EXPERIMENT = 0.4;
    /** Share of purchase events with a coupon. */
    static final double COUPON_PER_PURCHASE = 0.2;

    final String experimentId;
    final String variant;
    private final SplittableRandom random;

    Marketing(long seed, long sessionSequence) {
        // a fixed odd multiplier spreads consecutive session numbers over the seed space
        this.random = new SplittableRandom(seed ^ (sessionSequence * 0x9E3779B97F4A7C15L));
        if (random.nextDouble() < IN_EXPERIMENT) {
            this.experimentId = EXPERIMENTS.get(random.nextInt(EXPERIMENTS.size()));
            this.variant = VARIANTS.get(random.nextInt(VARIANTS.size()));
        } else {
            this.experimentId = null;
            this.variant = null;
        }
    }

    /** The coupon of an event: only some purchases have one. */
    String couponFor(EventType type) {
        if (type != EventType.PURCHASE || random.nextDouble() >= COUPON_PER_PURCHASE) {
            return null;
        }
        return COUPONS.get(random.nextInt(COUPONS.size()));
    }
}
