package io.clickstream.contract;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The shopper's device class. */
public enum Device {
    DESKTOP, MOBILE, TABLET;

    private static final Device[] VALUES = values();

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<Device> fromWire(String value) {
        for (Device d : VALUES) {
            if (d.wire.equals(value)) {
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
