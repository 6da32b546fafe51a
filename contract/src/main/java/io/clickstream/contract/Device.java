package io.clickstream.contract;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The shopper's device class. */
public enum Device {
    DESKTOP, MOBILE, TABLET;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Device> fromWire(String value) {
        for (Device d : values()) {
            if (d.wire().equals(value)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wire();
    }
}
