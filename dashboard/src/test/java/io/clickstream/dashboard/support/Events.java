package io.clickstream.dashboard.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;

/** Builds valid contract events for tests. */
public final class Events {

    private Events() {
    }

    public static ClickEvent event(String store, String session, EventType type, Integer product, String campaign,
            String ad) {
        return event(store, session, type, product, campaign, ad, Instant.now());
    }

    public static ClickEvent event(String store, String session, EventType type, Integer product, String campaign,
            String ad, Instant time) {
        boolean priced = type.hasPriceAndQuantity();
        return new ClickEvent(UUID.randomUUID().toString(), time.truncatedTo(ChronoUnit.MILLIS), store, session,
                null, type, type.hasProduct() ? "/products/" + product : "/", type.hasProduct() ? product : null,
                type.hasProduct() ? ClickEvent.categoryOf(product) : null,
                priced ? new BigDecimal("12.50") : null, priced ? 2 : null, "direct",
                campaign == null ? null : "newsletter", campaign == null ? null : "email", campaign, ad,
                Device.DESKTOP, "NL", ClickEvent.SCHEMA_VERSION);
    }

    /** The same event with a user id (through the codec, so it stays right when the contract gains fields). */
    public static ClickEvent withUser(ClickEvent event, String userId) {
        String json = io.clickstream.contract.ClickEventCodec.encodeToString(event);
        if (!json.contains("\"user_id\":null")) {
            throw new IllegalArgumentException("the event has a user id already: " + json);
        }
        return io.clickstream.contract.ClickEventCodec.decode(json.replace("\"user_id\":null",
                "\"user_id\":\"" + userId + "\"")).event();
    }

    /** A page view of a store, nothing else set. */
    public static ClickEvent pageView(String store) {
        return event(store, UUID.randomUUID().toString(), EventType.PAGE_VIEW, null, null, null);
    }
}
