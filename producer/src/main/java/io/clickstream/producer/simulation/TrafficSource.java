package io.clickstream.producer.simulation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a session came from: referrer and campaign attribution (utm_*), and for paid traffic the ad that was
 * clicked. Campaign traffic converts better than the average visit.
 */
record TrafficSource(String referrer, String utmSource, String utmMedium, String utmCampaign, String adId,
        double intentBoost) {

    static final List<String> CAMPAIGNS = List.of("black-friday", "winter-sale", "new-arrivals", "loyalty-q4");

    static TrafficSource pick(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.30) {
            return new TrafficSource("direct", null, null, null, null, 1.1);
        }
        if (u < 0.55) {
            return new TrafficSource("google", null, null, null, null, 1.0);
        }
        if (u < 0.60) {
            return new TrafficSource("bing", null, null, null, null, 1.0);
        }
        if (u < 0.70) {
            return new TrafficSource("facebook", null, null, null, null, 0.7);
        }
        if (u < 0.75) {
            return new TrafficSource("instagram", null, null, null, null, 0.7);
        }
        String campaign = CAMPAIGNS.get(Math.min(CAMPAIGNS.size() - 1, (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * CAMPAIGNS.size())));
        if (u < 0.85) {
            return new TrafficSource("email", "newsletter", "email", campaign, null, 1.6);
        }
        String ad = "ad-" + campaign + "-" + (1 + random.nextInt(4));
        if (u < 0.95) {
            return new TrafficSource("google", "google", "cpc", campaign, ad, 1.4);
        }
        return new TrafficSource("facebook", "facebook", "paid_social", campaign, ad, 1.2);
    }

    boolean isAd() {
        return adId != null;
    }
}
