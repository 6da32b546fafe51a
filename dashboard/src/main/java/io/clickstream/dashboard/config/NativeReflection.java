package io.clickstream.dashboard.config;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;
import io.clickstream.dashboard.kafka.SinkLag;
import io.clickstream.dashboard.state.RatePoint;
import io.clickstream.dashboard.state.WindowStats;
import io.clickstream.dashboard.stats.StatsSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson serialises through reflection, kept in a native image: the contract's event (the live tail) and
 * the stats snapshot with everything it holds. The REST methods return ready JSON strings, so Quarkus cannot
 * find these types by itself.
 */
@RegisterForReflection(targets = {
        ClickEvent.class, EventType.class, Device.class,
        StatsSnapshot.class, StatsSnapshot.Clients.class,
        WindowStats.class, WindowStats.StoreRate.class, WindowStats.ProductCount.class,
        WindowStats.CategoryCount.class, WindowStats.Attribution.class, WindowStats.FunnelStep.class,
        WindowStats.Funnel.class, RatePoint.class,
        SinkLag.class, SinkLag.PartitionLag.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
