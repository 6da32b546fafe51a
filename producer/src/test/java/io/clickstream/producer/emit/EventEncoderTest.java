package io.clickstream.producer.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;
import io.clickstream.producer.simulation.ShopperSimulator;

/** The emitter's encoder writes exactly the contract codec's bytes, which decode to the same event. */
class EventEncoderTest {

    static final List<String> STORES = List.of("wwi-toys", "wwi-novelty", "wwi-packaging");

    @ParameterizedTest
    @ValueSource(ints = { 1, 2 })
    void simulatedEventsEncodeAsTheCodecDoesAndDecodeToTheSameEvent(int schemaVersion) {
        ShopperSimulator simulator = new ShopperSimulator(STORES, 7, Instant.parse("2026-11-25T18:00:00Z"), 1_000,
                20_000, schemaVersion);
        EventEncoder encoder = new EventEncoder();
        for (int i = 0; i < 100_000; i++) {
            ClickEvent event = simulator.next();
            byte[] bytes = encoder.encode(event);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).as("event %d", i)
                    .isEqualTo(new String(ClickEventCodec.encode(event), StandardCharsets.UTF_8));
            DecodeResult decoded = ClickEventCodec.decode(bytes);
            assertThat(decoded.violations()).as("event %d", i).isEmpty();
            assertThat(decoded.event()).as("event %d", i).isEqualTo(event);
        }
    }

    @Test
    void escapesNullsAndOddValuesAsTheCodecDoes() {
        EventEncoder encoder = new EventEncoder();
        List<ClickEvent> events = List.of(
                new ClickEvent("5f0c3c8e-1b7a-4a57-9b38-0f5d2b8f4a11", Instant.parse("1999-12-31T23:59:59.999Z"),
                        "wwi-toys", "s-\"quoted\"\\back", null, EventType.PURCHASE, "/p/é€😀\n\t\u0001\u007f",
                        12, 3, new BigDecimal("1234.50"), 2, "google", "news\rletter", null, "camp\u2028aign",
                        "ad-1", Device.TABLET, "DE", 2, "checkout-button-2026q4", "B", "SAVE-10"),
                new ClickEvent("5f0c3c8e-1b7a-4a57-9b38-0f5d2b8f4a12", Instant.parse("2026-01-01T00:00:00.000001Z"),
                        "wwi-novelty", "s", "u", EventType.PAGE_VIEW, "/", null, null, null, null, null, null, null,
                        null, null, Device.MOBILE, "US", 1),
                new ClickEvent("5f0c3c8e-1b7a-4a57-9b38-0f5d2b8f4a13", Instant.parse("2026-01-01T00:00:00.010Z"),
                        "wwi-novelty", "s", "u", EventType.ADD_TO_CART, "/", 670, 1, new BigDecimal("0.05"), 10_000,
                        null, null, null, null, null, Device.DESKTOP, "US", 2, null, null, "C0DE"));
        for (ClickEvent event : events) {
            byte[] bytes = encoder.encode(event);
            assertThat(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(new String(ClickEventCodec.encode(event), StandardCharsets.UTF_8));
            // decodes as the codec's bytes do (event times are whole milliseconds on the wire)
            assertThat(ClickEventCodec.decode(bytes).event()).isNotNull()
                    .isEqualTo(ClickEventCodec.decode(ClickEventCodec.encode(event)).event());
        }
    }
}
