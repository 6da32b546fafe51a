package io.clickstream.dashboard.stats;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.dashboard.health.DashboardMeters;
import io.clickstream.dashboard.kafka.LagMonitor;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.sse.StatsHub;
import io.clickstream.dashboard.state.RollingAggregates;
import io.clickstream.dashboard.state.WindowStats;

/** Assembles the statistics from the aggregates, the lag reader and the hubs. */
@ApplicationScoped
public class StatsService {

    private final RollingAggregates aggregates;
    private final LagMonitor lag;
    private final EventHub events;
    private final StatsHub stats;
    private final DashboardMeters meters;
    private final ObjectMapper mapper;

    StatsService(RollingAggregates aggregates, LagMonitor lag, EventHub events, StatsHub stats,
            DashboardMeters meters, ObjectMapper mapper) {
        this.aggregates = aggregates;
        this.lag = lag;
        this.events = events;
        this.stats = stats;
        this.meters = meters;
        this.mapper = mapper;
    }

    public StatsSnapshot snapshot() {
        long now = System.currentTimeMillis();
        Map<String, WindowStats> windows = new LinkedHashMap<>();
        for (WindowStats w : aggregates.snapshot(now)) {
            windows.put(w.window(), w);
        }
        return new StatsSnapshot(now, (long) meters.consumedCount(), (long) meters.invalidCount(), windows,
                lag.sinkLag(), lag.ownLag(), new StatsSnapshot.Clients(events.clientCount(), stats.clientCount()));
    }

    public String toJson(StatsSnapshot snapshot) {
        try {
            return mapper.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise statistics", e);
        }
    }
}
