package io.clickstream.dashboard.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.clickstream.dashboard.config.DashboardConfig;

/** Creates the in-memory state from the configuration. */
@ApplicationScoped
public class StateBeans {

    @Produces
    @Singleton
    EventIdGenerator eventIds() {
        return new EventIdGenerator(System::currentTimeMillis);
    }

    @Produces
    @Singleton
    EventLog eventLog(DashboardConfig config, EventIdGenerator ids) {
        // ids below the first this run can issue belong to an earlier run: not resumable here
        return new EventLog(config.buffer().capacity(), ids.firstPossibleId() - 1);
    }

    @Produces
    @Singleton
    RollingAggregates aggregates(DashboardConfig config) {
        DashboardConfig.Stats s = config.stats();
        return new RollingAggregates(s.topN(), s.maxKeys(), s.maxSessions(), s.sessionTimeout().toMillis(),
                System.currentTimeMillis());
    }
}
