package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Which records the fast path reads itself: what the contract's own encoder writes, and nothing unusual.
 * That it reads them right is held by {@link StreamingDecodeEquivalenceTest}.
 */
class FlatJsonScannerTest {

    private static final String EVENT = "{\"event_id\":\"3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f\","
            + "\"event_time\":\"2026-11-25T10:01:51.123Z\",\"store_id\":\"s\",\"session_id\":\"x\",\"user_id\":null,"
            + "\"event_type\":\"purchase\",\"page\":\"/p\",\"product_id\":57,\"category_id\":8,\"price\":19.90,"
            + "\"quantity\":2,\"referrer\":\"direct\",\"utm_source\":null,\"utm_medium\":null,\"utm_campaign\":null,"
            + "\"ad_id\":null,\"device\":\"mobile\",\"country\":\"NL\",\"schema_version\":1}";

    @Test
    void readsWhatTheEncoderWrites() {
        assertThat(scans(EVENT)).isTrue();
        assertThat(scans(" {\n\t\"price\" : -0.5 , \"quantity\":0 ,\"device\":true,\"page\":false}  trailing")).isTrue();
        ClickEvent event = ClickEventCodec.decode(EVENT).event();
        assertThat(ClickEventCodec.decode(ClickEventCodec.encode(event)).event()).isEqualTo(event);
        assertThat(scans(new String(ClickEventCodec.encode(event), StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void repeatedValuesAreSharedBetweenEvents() {
        ClickEvent a = ClickEventCodec.decode(EVENT).event();
        ClickEvent b = ClickEventCodec.decode(EVENT.replace("/p", "/q")).event();
        assertThat(b.storeId()).isSameAs(a.storeId());
        assertThat(b.referrer()).isSameAs(a.referrer());
        assertThat(b.country()).isSameAs(a.country());
        assertThat(b.productId()).isSameAs(a.productId());
        assertThat(b.page()).isEqualTo("/q").isNotSameAs(a.page());
        assertThat(b.eventId()).isEqualTo(a.eventId()).isNotSameAs(a.eventId()); // ids are not kept
    }

    @Test
    void leavesEverythingElseToJackson() {
        for (String unusual : List.of(EVENT.replace("\"user_id\"", "\"experiment\""), EVENT.replace("/p", "/\\u0070"),
                EVENT.replace("/p", "/caf\u00e9"), EVENT.replace("19.90", "1.99e1"), EVENT.replace("57,", "057,"),
                EVENT.replace("null,\"event_type\"", "{},\"event_type\""), EVENT.replace("null,\"event_type\"", "[],\"event_type\""),
                EVENT.replace("19.90", "19."), EVENT.replace("57,", "1234567890,"), EVENT.replace("19.90", "1.1234567890"),
                EVENT.substring(0, EVENT.length() - 1), EVENT.replace(",\"quantity\"", ",,\"quantity\""), "[]", "",
                "{\"page\":\"a\u0001b\"}", "{\"page\":nul}", "{\"page\":truex}", "{\"page\":\"x\",}")) {
            assertThat(scans(unusual)).as(unusual).isFalse();
        }
    }

    private static boolean scans(String json) {
        return FlatJsonScanner.scan(json.getBytes(StandardCharsets.UTF_8), new ClickEventCodec.RawFields());
    }
}
