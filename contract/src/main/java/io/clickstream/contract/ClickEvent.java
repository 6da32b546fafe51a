package io.clickstream.contract;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One shopper action: the event contract, schema version 1 (see {@code click-event.schema.json}).
 * <p>
 * Build instances through {@link ClickEventCodec#decode} for untrusted input; the canonical
 * constructor does not validate so that the simulator's hot path stays cheap.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "event_id", "event_time", "store_id", "session_id", "user_id", "event_type", "page",
        "product_id", "category_id", "price", "quantity", "referrer", "utm_source", "utm_medium", "utm_campaign",
        "ad_id", "device", "country", "schema_version" })
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
        @JsonProperty("schema_version") int schemaVersion) {

    public static final int SCHEMA_VERSION = 1;
    /** Class-path location of the JSON Schema of this contract. */
    public static final String SCHEMA_RESOURCE = "/io/clickstream/contract/click-event.schema.json";
    public static final int MIN_PRODUCT_ID = 1;
    public static final int MAX_PRODUCT_ID = 670;
    public static final int CATEGORY_COUNT = 10;

    /** The category of a product, as the original generator defined it. */
    public static int categoryOf(int productId) {
        return productId % CATEGORY_COUNT + 1;
    }

    /** The Kafka record key: one session's events stay ordered in one partition. */
    public String kafkaKey() {
        return storeId + ":" + sessionId;
    }
}
