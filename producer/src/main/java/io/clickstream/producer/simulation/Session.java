package io.clickstream.producer.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;

/**
 * One shopper's visit, walking the funnel: (ad click) → landing page → browse and search → product views →
 * add to cart → checkout → purchase, with drop-off at every step. Generates its events one at a time so that
 * thousands of concurrent sessions cost little memory.
 */
final class Session {

    private static final List<String> SEARCH_TERMS = List.of("lego", "puzzle", "mug", "gift", "box", "tape",
            "plush", "novelty socks", "bubble wrap", "board game", "usb", "christmas");

    private enum Step { AD_CLICK, LANDING, BROWSE, CART_ADD, CHECKOUT, PURCHASE, DONE }

    private record CartLine(int productId, int quantity) {
    }

    final String id;
    final long sequence;
    final String store;
    final String country;
    final Device device;
    final String userId;
    final TrafficSource source;
    /** The version 2 fields' source; null when emitting contract version 1. */
    private final Marketing marketing;
    private final double conversionFactor;

    long nextTime;
    int eventsEmitted;
    private Step step;
    private int browseLeft;
    private int lastViewed;
    private final List<CartLine> cart = new ArrayList<>(2);
    private int purchaseIndex;

    Session(String id, long sequence, long arrival, Market.Audience audience, Device device, String userId,
            TrafficSource source, SplittableRandom random, Marketing marketing) {
        this.id = id;
        this.marketing = marketing;
        this.sequence = sequence;
        this.store = audience.store();
        this.country = audience.country().code();
        this.device = device;
        this.userId = userId;
        this.source = source;
        this.nextTime = arrival;
        this.conversionFactor = source.intentBoost() * switch (device) {
            case DESKTOP -> 1.3;
            case TABLET -> 1.0;
            case MOBILE -> 0.8;
        } * (userId != null ? 1.3 : 1.0);
        this.step = source.isAd() ? Step.AD_CLICK : Step.LANDING;
        // geometric number of browse steps, mean ~6, longer for engaged visitors
        double meanBrowse = 5.0 * Math.sqrt(conversionFactor);
        this.browseLeft = 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / meanBrowse));
    }

    boolean isDone() {
        return step == Step.DONE;
    }

    /** The event at {@link #nextTime}; afterwards {@link #nextTime} is the time of the following one. */
    ClickEvent next(SplittableRandom random, Catalog catalog, Ids ids, long offsetMillis, double thinkScale) {
        ClickEvent event = switch (step) {
            case AD_CLICK -> {
                step = Step.LANDING;
                yield event(ids, offsetMillis, EventType.AD_CLICK, "/campaign/" + source.utmCampaign(), null, 0, random);
            }
            case LANDING -> {
                step = Step.BROWSE;
                String page = source.utmCampaign() != null ? "/campaign/" + source.utmCampaign() : "/";
                yield event(ids, offsetMillis, EventType.PAGE_VIEW, page, null, 0, random);
            }
            case BROWSE -> browse(random, catalog, ids, offsetMillis);
            case CART_ADD -> {
                step = browseLeft > 0 ? Step.BROWSE : afterBrowsing(random);
                int quantity = 1 + (random.nextDouble() < 0.2 ? 1 + random.nextInt(3) : 0);
                cart.add(new CartLine(lastViewed, quantity));
                yield event(ids, offsetMillis, EventType.ADD_TO_CART, "/product/" + lastViewed, catalog, quantity, random,
                        lastViewed);
            }
            case CHECKOUT -> {
                step = random.nextDouble() < Math.min(0.95, 0.68 * Math.sqrt(conversionFactor)) ? Step.PURCHASE : Step.DONE;
                yield event(ids, offsetMillis, EventType.CHECKOUT, "/checkout", null, 0, random);
            }
            case PURCHASE -> {
                CartLine line = cart.get(purchaseIndex++);
                if (purchaseIndex == cart.size()) {
                    step = Step.DONE;
                }
                yield event(ids, offsetMillis, EventType.PURCHASE, "/checkout/confirmation", catalog, line.quantity(),
                        random, line.productId());
            }
            case DONE -> throw new IllegalStateException("session " + id + " is over");
        };
        eventsEmitted++;
        if (step == Step.PURCHASE && purchaseIndex > 0) {
            nextTime += 1 + random.nextInt(40); // one confirmation page, one event per cart line
        } else {
            nextTime += thinkTime(random, thinkScale);
        }
        return event;
    }

    private ClickEvent browse(SplittableRandom random, Catalog catalog, Ids ids, long offsetMillis) {
        browseLeft--;
        double u = random.nextDouble();
        ClickEvent event;
        if (!cart.isEmpty() && u < 0.04) {
            CartLine removed = cart.remove(random.nextInt(cart.size()));
            event = event(ids, offsetMillis, EventType.REMOVE_FROM_CART, "/cart", catalog, removed.quantity(), random,
                    removed.productId());
        } else if (u < 0.22) {
            int category = 1 + random.nextInt(ClickEvent.CATEGORY_COUNT);
            event = event(ids, offsetMillis, EventType.PAGE_VIEW, "/category/" + category, null, 0, random);
        } else if (u < 0.36) {
            String term = SEARCH_TERMS.get(random.nextInt(SEARCH_TERMS.size()));
            event = event(ids, offsetMillis, EventType.SEARCH, "/search?q=" + term.replace(' ', '+'), null, 0, random);
        } else {
            lastViewed = catalog.pickProduct(random);
            event = event(ids, offsetMillis, EventType.PRODUCT_VIEW, "/product/" + lastViewed, catalog, 0, random,
                    lastViewed);
            if (random.nextDouble() < Math.min(0.6, 0.10 * conversionFactor)) {
                step = Step.CART_ADD;
                return event;
            }
        }
        if (browseLeft <= 0) {
            step = afterBrowsing(random);
        }
        return event;
    }

    private Step afterBrowsing(SplittableRandom random) {
        if (cart.isEmpty()) {
            return Step.DONE;
        }
        return random.nextDouble() < Math.min(0.9, 0.45 * conversionFactor) ? Step.CHECKOUT : Step.DONE;
    }

    /** Lognormal think time, median 12 s, capped well below the 30-minute session timeout. */
    private static long thinkTime(SplittableRandom random, double scale) {
        double gaussian = gaussian(random);
        double seconds = Math.min(20 * 60, 12.0 * Math.exp(0.9 * gaussian));
        return Math.max(1, Math.round(seconds * 1000 * scale));
    }

    static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private ClickEvent event(Ids ids, long offsetMillis, EventType type, String page, Catalog catalog, int quantity,
            SplittableRandom random) {
        return event(ids, offsetMillis, type, page, catalog, quantity, random, 0);
    }

    private ClickEvent event(Ids ids, long offsetMillis, EventType type, String page, Catalog catalog, int quantity,
            SplittableRandom random, int productId) {
        Integer product = productId > 0 ? productId : null;
        Integer category = productId > 0 ? ClickEvent.categoryOf(productId) : null;
        boolean priced = type.hasPriceAndQuantity();
        ClickEvent event = new ClickEvent(ids.uuid(random), java.time.Instant.ofEpochMilli(nextTime + offsetMillis),
                store, id, userId, type, page, product, category, priced ? catalog.price(productId) : null,
                priced ? quantity : null, source.referrer(), source.utmSource(), source.utmMedium(),
                source.utmCampaign(), source.adId(), device, country, ClickEvent.FIRST_SCHEMA_VERSION);
        return marketing == null ? event
                : event.withVersion2(marketing.experimentId, marketing.variant, marketing.couponFor(type));
    }
}
