package io.clickstream.dashboard.kafka;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON of an event as the dashboard sends it: the contract's, with null fields left out, and {@code user_id}
 * as {@link UserIdPseudonyms} shows it. Every event goes to every browser, so bytes count (about a third fewer);
 * the contract's decoder reads missing nullable fields as null. Serialised once per event, shared by all clients.
 */
final class StreamJson {

    /** Jackson reads this mix-in's annotation by reflection, in a native image too. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    private abstract static class OmitNulls {
    }

    private static final ObjectMapper MAPPER = ClickEventCodec.mapper().copy()
            .addMixIn(ClickEvent.class, OmitNulls.class);

    private StreamJson() {
    }

    static String of(ClickEvent event, UserIdPseudonyms userIds) {
        try {
            String shown = userIds.shown(event.userId());
            if (shown == null || shown.equals(event.userId())) {
                return MAPPER.writeValueAsString(event);
            }
            ObjectNode json = MAPPER.valueToTree(event);
            json.put("user_id", shown);
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
