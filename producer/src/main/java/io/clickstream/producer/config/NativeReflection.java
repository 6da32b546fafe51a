package io.clickstream.producer.config;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The contract types are serialised by Jackson through reflection: keep them in a native image. */
@RegisterForReflection(targets = { ClickEvent.class, EventType.class, Device.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
