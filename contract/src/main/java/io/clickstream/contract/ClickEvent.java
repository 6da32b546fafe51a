package io.clickstream.contract;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One shopper action: the event contract, schema version 2 (see {@code click-event.schema.json}).
 * <p>
 * Version 2 added the optional {@code experiment_id}, {@code variant} and {@code coupon_code}; they are left out
 * of the JSON when null, so an event built with the version 1 constructor encodes exactly as before.
 * <p>
 * Build instances through {@link ClickEventCodec#decode} for untrusted input; the canonical
 * constructor does not validate so that the simulator's hot path stays cheap.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "event_id", "event_time", "store_id", "session_id", "user_id", "event_type", "page",
        "product_id", "category_id", "price", "quantity", "referrer", "utm_source", "utm_medium", "utm_campaign",
        "ad_id", "device", "country", "schema_version", "experiment_id", "variant", "coupon_code" })
public record ClickEvent(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_time") Instant eventTime,
        @JsonProperty("store_id") String storeId,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("event_type") EventType eventType,
        @JsonProperty("page") String page,
        @JsonProperty("product_id") Integer productId,
        @JsonProperty("category_id") Integer categoryId,
        @JsonProperty("price") BigDecimal price,
        @JsonProperty("quantity") Integer quantity,
        @JsonProperty("referrer") String referrer,
        @JsonProperty("utm_source") String utmSource,
        @JsonProperty("utm_medium") String utmMedium,
        @JsonProperty("utm_campaign") String utmCampaign,
        @JsonProperty("ad_id") String adId,
        @JsonProperty("device") Device device,
        @JsonProperty("country") String country,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("experiment_id") @JsonInclude(JsonInclude.Include.NON_NULL) String experimentId,
        @JsonProperty("variant") @JsonInclude(JsonInclude.Include.NON_NULL) String variant,
        @JsonProperty("coupon_code") @JsonInclude(JsonInclude.Include.NON_NULL) String couponCode) {

    /** The newest contract version: what producers write by default and what readers of this code accept at most. */
    public static final int SCHEMA_VERSION = 2;
    /** The first version: the fields every version has. */
    public static final int FIRST_SCHEMA_VERSION = 1;
    /** Class-path location of the JSON Schema of this contract. */
    public static final String SCHEMA_RESOURCE = "/io/clickstream/contract/click-event.schema.json";
    public static final int MIN_PRODUCT_ID = 1;
    public static final int MAX_PRODUCT_ID = 670;
    public static final int CATEGORY_COUNT = 10;

    /** An event without the version 2 fields (as every version 1 event is). */
    public ClickEvent(String eventId, Instant eventTime, String storeId, String sessionId, String userId,
            EventType eventType, String page, Integer productId, Integer categoryId, BigDecimal price, Integer quantity,
            String referrer, String utmSource, String utmMedium, String utmCampaign, String adId, Device device,
            String country, int schemaVersion) {
        this(eventId, eventTime, storeId, sessionId, userId, eventType, page, productId, categoryId, price, quantity,
                referrer, utmSource, utmMedium, utmCampaign, adId, device, country, schemaVersion, null, null, null);
    }

    /** The same event with the version 2 fields set (and {@code schema_version} 2). */
    public ClickEvent withVersion2(String experimentId, String variant, String couponCode) {
        return new ClickEvent(eventId, eventTime, storeId, sessionId, userId, eventType, page, productId, categoryId,
                price, quantity, referrer, utmSource, utmMedium, utmCampaign, adId, device, country, 2, experimentId,
                variant, couponCode);
    }

    /** The category of a product, as the original generator defined it. */
    public static int categoryOf(int productId) {
        return productId % CATEGORY_COUNT + 1;
    }

    /** The Kafka record key: one session's events stay ordered in one partition. */
    public String kafkaKey() {
        return storeId + ":" + sessionId;
    }
}
