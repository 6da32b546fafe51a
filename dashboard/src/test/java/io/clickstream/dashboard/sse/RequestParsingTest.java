package io.clickstream.dashboard.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.EventType;

class RequestParsingTest {

    @Test
    void lastEventIdIgnoresGarbage() {
        assertThat(LastEventId.parse("123", null)).isEqualTo(OptionalLong.of(123));
        assertThat(LastEventId.parse(null, "77")).isEqualTo(OptionalLong.of(77));
        assertThat(LastEventId.parse("9", "77")).isEqualTo(OptionalLong.of(9));
        assertThat(LastEventId.parse("abc")).isEmpty();
        assertThat(LastEventId.parse("-5")).isEmpty();
        assertThat(LastEventId.parse("99999999999999999999999")).isEmpty();
        assertThat(LastEventId.parse(" ")).isEmpty();
    }

    @Test
    void filterParsesAndValidates() {
        EventFilter f = EventFilter.parse("wwi-toys", "purchase", "", 10);
        assertThat(f).isEqualTo(new EventFilter("wwi-toys", EventType.PURCHASE, null));
        assertThat(EventFilter.parse(null, " ", null, 10)).isEqualTo(EventFilter.ALL);
        assertThatThrownBy(() -> EventFilter.parse(null, "nope", null, 10))
                .hasMessageContaining("unknown event_type 'nope'");
        assertThatThrownBy(() -> EventFilter.parse("12345678901", null, null, 10))
                .hasMessageContaining("store is longer than 10");
    }
}
