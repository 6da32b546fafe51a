package io.clickstream.producer.simulation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Who shops where and when: each store has its own audience by country, and each country's traffic follows the
 * local time of day (quiet at night, a lunch bump, an evening peak). That is the daily rhythm: at any moment the
 * mix of stores, countries and devices reflects which audiences are awake.
 */
final class Market {

    /** Relative traffic by local hour 0..23. */
    private static final double[] RHYTHM = {
        0.30, 0.18, 0.11, 0.08, 0.07, 0.09, 0.17, 0.32, 0.50, 0.62, 0.70, 0.76,
        0.85, 0.82, 0.75, 0.72, 0.74, 0.80, 0.90, 1.00, 1.00, 0.92, 0.72, 0.48 };

    record Country(String code, int utcOffsetHours) {
    }

    record Audience(String store, Country country, double weight) {
    }

    private static final Country US = new Country("US", -5);
    private static final Country CA = new Country("CA", -5);
    private static final Country GB = new Country("GB", 0);
    private static final Country DE = new Country("DE", 1);
    private static final Country FR = new Country("FR", 1);
    private static final Country NL = new Country("NL", 1);
    private static final Country IN = new Country("IN", 5);
    private static final Country JP = new Country("JP", 9);
    private static final Country AU = new Country("AU", 10);

    private final List<Audience> audiences;
    private final double[] weights;

    Market(List<String> stores) {
        List<List<Audience>> profiles = List.of(
                List.of(a(stores.get(0), US, 50), a(stores.get(0), CA, 10), a(stores.get(0), GB, 15),
                        a(stores.get(0), DE, 10), a(stores.get(0), NL, 5), a(stores.get(0), AU, 10)),
                stores.size() > 1 ? List.of(a(stores.get(1), GB, 30), a(stores.get(1), DE, 20), a(stores.get(1), FR, 15),
                        a(stores.get(1), NL, 10), a(stores.get(1), US, 20), a(stores.get(1), JP, 5)) : List.of(),
                stores.size() > 2 ? List.of(a(stores.get(2), US, 30), a(stores.get(2), DE, 20), a(stores.get(2), NL, 20),
                        a(stores.get(2), IN, 15), a(stores.get(2), JP, 15)) : List.of());
        java.util.ArrayList<Audience> all = new java.util.ArrayList<>();
        profiles.forEach(all::addAll);
        // stores past the third get a generic international audience; store traffic shares 45/33/22/...
        for (int i = 3; i < stores.size(); i++) {
            for (Country c : List.of(US, GB, DE, JP)) {
                all.add(a(stores.get(i), c, 25));
            }
        }
        audiences = List.copyOf(all);
        weights = new double[audiences.size()];
        for (int i = 0; i < audiences.size(); i++) {
            int storeIndex = stores.indexOf(audiences.get(i).store());
            weights[i] = audiences.get(i).weight() / (storeIndex + 2.0);
        }
    }

    private static Audience a(String store, Country country, double weight) {
        return new Audience(store, country, weight);
    }

    static int localHour(long epochMillis, Country country) {
        long hour = Math.floorDiv(epochMillis, 3_600_000L) + country.utcOffsetHours();
        return (int) Math.floorMod(hour, 24);
    }

    static double rhythm(int localHour) {
        return RHYTHM[localHour];
    }

    /** Picks the audience of a new session arriving at the given time. */
    Audience pick(SplittableRandom random, long epochMillis) {
        double total = 0;
        double[] w = new double[audiences.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights[i] * rhythm(localHour(epochMillis, audiences.get(i).country()));
            total += w[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u <= 0) {
                return audiences.get(i);
            }
        }
        return audiences.get(w.length - 1);
    }

    List<Audience> audiences() {
        return audiences;
    }
}
