package io.clickstream.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.EventType;
import io.clickstream.dashboard.support.Events;

class RollingAggregatesTest {

    private static final long T0 = 1_764_000_000_000L;

    @Test
    void eventsLeaveTheMinuteWindowButStayInTheQuarterHour() {
        RollingAggregates agg = new RollingAggregates(10, 100, 1000, 1_800_000, T0 - 3_600_000);
        for (int i = 0; i < 120; i++) {
            agg.record(Events.event("wwi-toys", "s" + i, EventType.PAGE_VIEW, null, null, null), T0);
        }
        List<WindowStats> now = agg.snapshot(T0 + 500);
        assertThat(now.get(0).events()).isEqualTo(120);
        assertThat(now.get(1).events()).isEqualTo(120);
        assertThat(now.get(0).eventsPerSecond()).isGreaterThan(1.9).isLessThan(2.1);
        assertThat(now.get(0).activeSessions()).isEqualTo(120);

        List<WindowStats> later = agg.snapshot(T0 + 61_000);
        assertThat(later.get(0).events()).isZero();
        assertThat(later.get(0).activeSessions()).isZero();
        assertThat(later.get(1).events()).isEqualTo(120);
        assertThat(later.get(1).activeSessions()).isEqualTo(120);

        assertThat(agg.snapshot(T0 + 16 * 60_000).get(1).events()).isZero();
    }

    @Test
    void funnelCountsEachSessionUpToItsFurthestStep() {
        RollingAggregates agg = new RollingAggregates(10, 100, 1000, 1_800_000, T0);
        record(agg, "a", EventType.PRODUCT_VIEW, EventType.ADD_TO_CART, EventType.CHECKOUT, EventType.PURCHASE);
        record(agg, "b", EventType.PRODUCT_VIEW, EventType.ADD_TO_CART);
        record(agg, "c", EventType.PRODUCT_VIEW);
        record(agg, "d", EventType.PRODUCT_VIEW);
        record(agg, "e", EventType.CHECKOUT); // seen from its checkout on: it passed the earlier steps too
        record(agg, "f", EventType.PAGE_VIEW, EventType.SEARCH); // no funnel step
        WindowStats.Funnel f = agg.snapshot(T0 + 1000).get(0).funnel();
        assertThat(f.sessions()).isEqualTo(6);
        assertThat(f.steps()).extracting(WindowStats.FunnelStep::sessions).containsExactly(5L, 3L, 2L, 1L);
        assertThat(f.steps().get(1).conversion()).isEqualTo(0.6);
        assertThat(f.steps().get(3).conversion()).isEqualTo(0.5);
        assertThat(f.overallConversion()).isEqualTo(0.2);
    }

    @Test
    void sessionsAreBounded() {
        RollingAggregates agg = new RollingAggregates(10, 100, 100, 1_800_000, T0);
        for (int i = 0; i < 1000; i++) {
            agg.record(Events.event("x", "s" + i, EventType.PAGE_VIEW, null, null, null), T0);
        }
        assertThat(agg.trackedSessions()).isEqualTo(100);
    }

    @Test
    void distinctNamesAreBoundedPerBucket() {
        RollingAggregates agg = new RollingAggregates(10, 10, 1000, 1_800_000, T0);
        for (int i = 0; i < 50; i++) {
            agg.record(Events.event("store-" + i, "s", EventType.AD_CLICK, null, "c" + i, "ad" + i), T0);
        }
        WindowStats w = agg.snapshot(T0).get(0);
        assertThat(w.byStore()).hasSize(11);
        assertThat(w.byStore().get(0).storeId()).isEqualTo("(other)");
        assertThat(w.byStore().get(0).events()).isEqualTo(40);
        assertThat(w.campaigns()).hasSize(11);
    }

    private static void record(RollingAggregates agg, String session, EventType... types) {
        for (EventType t : types) {
            agg.record(Events.event("wwi-toys", session, t, t.hasProduct() ? 3 : null, null, null), T0);
        }
    }
}
