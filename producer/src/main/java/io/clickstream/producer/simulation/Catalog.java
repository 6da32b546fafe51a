package io.clickstream.producer.simulation;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import io.clickstream.contract.ClickEvent;

/**
 * The product catalogue: products 1..670 (category = product % 10 + 1, as the original generator had), a fixed
 * unit price per product, and a long-tailed popularity (a few products get most views).
 */
final class Catalog {

    private static final int SIZE = ClickEvent.MAX_PRODUCT_ID;
    private static final double ZIPF_EXPONENT = 1.07;

    private final int[] productByRank = new int[SIZE];
    private final double[] cumulative = new double[SIZE];
    private final BigDecimal[] prices = new BigDecimal[SIZE + 1];

    Catalog(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < SIZE; i++) {
            productByRank[i] = i + ClickEvent.MIN_PRODUCT_ID;
        }
        for (int i = SIZE - 1; i > 0; i--) { // shuffle: which products are popular depends on the seed
            int j = random.nextInt(i + 1);
            int t = productByRank[i];
            productByRank[i] = productByRank[j];
            productByRank[j] = t;
        }
        double total = 0;
        for (int rank = 0; rank < SIZE; rank++) {
            total += 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
            cumulative[rank] = total;
        }
        for (int rank = 0; rank < SIZE; rank++) {
            cumulative[rank] /= total;
        }
        for (int p = ClickEvent.MIN_PRODUCT_ID; p <= SIZE; p++) {
            // log-uniform between 1.99 and 249.99: many cheap items, a few expensive ones
            double price = Math.exp(Math.log(1.99) + random.nextDouble() * (Math.log(249.99) - Math.log(1.99)));
            prices[p] = BigDecimal.valueOf(Math.floor(price) + 0.99).setScale(2, java.math.RoundingMode.HALF_UP);
        }
    }

    int pickProduct(SplittableRandom random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = SIZE - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return productByRank[lo];
    }

    /** A product of the given category (1..10), popularity-weighted. */
    int pickProductInCategory(SplittableRandom random, int category) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = pickProduct(random);
            if (ClickEvent.categoryOf(p) == category) {
                return p;
            }
        }
        // products with category c are those with p % 10 == c - 1
        int first = category - 1 == 0 ? 10 : category - 1;
        return first + 10 * random.nextInt((SIZE - first) / 10 + 1);
    }

    BigDecimal price(int productId) {
        return prices[productId];
    }
}
