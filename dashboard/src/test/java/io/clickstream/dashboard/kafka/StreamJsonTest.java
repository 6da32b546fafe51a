package io.clickstream.dashboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.dashboard.support.Events;

class StreamJsonTest {

    @Test
    void leavesNullsOutAndStillDecodesToTheSameEvent() {
        ClickEvent event = Events.pageView("wwi-toys");
        String json = StreamJson.of(event);
        assertThat(json).doesNotContain("user_id").doesNotContain("null").contains("\"store_id\":\"wwi-toys\"");
        assertThat(json.length()).isLessThan(ClickEventCodec.encodeToString(event).length());
        DecodeResult decoded = ClickEventCodec.decode(json);
        assertThat(decoded.violations()).isEmpty();
        assertThat(decoded.event()).isEqualTo(event);
    }
}
