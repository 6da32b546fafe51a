package io.clickstream.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a shopper did. The JSON value is the snake_case name. */
public enum EventType {
    PAGE_VIEW("page_view"),
    PRODUCT_VIEW("product_view"),
    SEARCH("search"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    CHECKOUT("checkout"),
    PURCHASE("purchase"),
    AD_CLICK("ad_click");

    private static final Map<String, EventType> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wire, Function.identity()));

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<EventType> fromWire(String value) {
        return Optional.ofNullable(value == null ? null : BY_WIRE.get(value));
    }

    /** True for events that carry a product (and so a category). */
    public boolean hasProduct() {
        return this == PRODUCT_VIEW || this == ADD_TO_CART || this == REMOVE_FROM_CART || this == PURCHASE;
    }

    /** True for events that carry a price and a quantity. */
    public boolean hasPriceAndQuantity() {
        return this == ADD_TO_CART || this == REMOVE_FROM_CART || this == PURCHASE;
    }

    @Override
    public String toString() {
        return wire;
    }
}
