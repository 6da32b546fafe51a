package io.clickstream.dashboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.dashboard.support.Events;

class StreamJsonTest {

    private static final byte[] KEY = "a-test-key-of-32-characters-0001".getBytes(StandardCharsets.UTF_8);
    private static final UserIdPseudonyms PSEUDONYMS = new UserIdPseudonyms(false, KEY);

    @Test
    void leavesNullsOutAndStillDecodesToTheSameEvent() {
        ClickEvent event = Events.pageView("wwi-toys");
        String json = StreamJson.of(event, PSEUDONYMS);
        assertThat(json).doesNotContain("user_id").doesNotContain("null").contains("\"store_id\":\"wwi-toys\"");
        assertThat(json.length()).isLessThan(ClickEventCodec.encodeToString(event).length());
        DecodeResult decoded = ClickEventCodec.decode(json);
        assertThat(decoded.violations()).isEmpty();
        assertThat(decoded.event()).isEqualTo(event);
    }

    @Test
    void showsAKeyedPseudonymInsteadOfTheUserId() throws Exception {
        ClickEvent event = Events.withUser(Events.pageView("wwi-toys"), "user-4711");
        String json = StreamJson.of(event, PSEUDONYMS);
        String shown = new ObjectMapper().readTree(json).path("user_id").asText();
        assertThat(shown).matches("u_[0-9a-f]{16}").isEqualTo(PSEUDONYMS.shown("user-4711"));
        assertThat(json).doesNotContain("user-4711");
        // the rest of the event is unchanged, and still meets the contract
        DecodeResult decoded = ClickEventCodec.decode(json);
        assertThat(decoded.violations()).isEmpty();
        assertThat(ClickEventCodec.encodeToString(decoded.event()))
                .isEqualTo(ClickEventCodec.encodeToString(event).replace("user-4711", shown));
    }

    @Test
    void pseudonymsAreStablePerKeyAndDifferAcrossKeysAndUsers() {
        UserIdPseudonyms sameKey = new UserIdPseudonyms(false, KEY.clone());
        UserIdPseudonyms otherKey = new UserIdPseudonyms(false, "another-key-of-32-characters-002".getBytes(StandardCharsets.UTF_8));
        assertThat(sameKey.shown("user-1")).isEqualTo(PSEUDONYMS.shown("user-1"));
        assertThat(otherKey.shown("user-1")).isNotEqualTo(PSEUDONYMS.shown("user-1"));
        assertThat(PSEUDONYMS.shown("user-2")).isNotEqualTo(PSEUDONYMS.shown("user-1"));
        assertThat(PSEUDONYMS.shown(null)).isNull();
    }

    @Test
    void rawIdsOnlyWhenConfigured() {
        UserIdPseudonyms raw = new UserIdPseudonyms(true, KEY);
        ClickEvent event = Events.withUser(Events.pageView("wwi-toys"), "user-4711");
        assertThat(StreamJson.of(event, raw)).contains("\"user_id\":\"user-4711\"");
        assertThat(raw.shown(null)).isNull();
    }
}
