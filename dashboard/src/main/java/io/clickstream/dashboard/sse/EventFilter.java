package io.clickstream.dashboard.sse;

import java.util.function.Predicate;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.clickstream.dashboard.state.StoredEvent;

/**
 * What a client of the live tail wants to see; null parts match everything. Equal filters share the
 * serialised batches of the hub.
 */
public record EventFilter(String store, EventType eventType, String campaign) implements Predicate<StoredEvent> {

    public static final EventFilter ALL = new EventFilter(null, null, null);

    /**
     * Parses request parameters; blank means "any".
     *
     * @throws IllegalArgumentException naming the bad parameter
     */
    public static EventFilter parse(String store, String eventType, String campaign, int maxLength) {
        EventType type = null;
        String t = blankToNull(eventType);
        if (t != null) {
            type = EventType.fromWire(t).orElseThrow(() -> new IllegalArgumentException(
                    "unknown event_type '" + abbreviate(t) + "'; expected one of " + knownTypes()));
        }
        return new EventFilter(checked("store", store, maxLength), type, checked("campaign", campaign, maxLength));
    }

    @Override
    public boolean test(StoredEvent stored) {
        ClickEvent e = stored.event();
        return (store == null || store.equals(e.storeId()))
                && (eventType == null || eventType == e.eventType())
                && (campaign == null || campaign.equals(e.utmCampaign()));
    }

    private static String checked(String name, String value, int maxLength) {
        String v = blankToNull(value);
        if (v != null && v.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String knownTypes() {
        StringBuilder sb = new StringBuilder();
        for (EventType t : EventType.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.wire());
        }
        return sb.toString();
    }
}
