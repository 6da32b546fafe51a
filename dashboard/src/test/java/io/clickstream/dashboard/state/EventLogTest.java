package io.clickstream.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.clickstream.dashboard.support.Events;

class EventLogTest {

    private static StoredEvent stored(long id) {
        return new StoredEvent(id, Events.pageView("s" + (id % 2)), "{}", 0);
    }

    private static List<Long> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }

    @Test
    void keepsTheNewestEventsAndKnowsWhatItLost() {
        EventLog log = new EventLog(3, 99);
        assertThat(log.coversAfter(99)).isTrue();
        assertThat(log.coversAfter(98)).isFalse();
        for (long id = 100; id < 105; id++) {
            log.append(stored(id));
        }
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.newestId()).isEqualTo(104);
        assertThat(log.horizon()).isEqualTo(101);
        assertThat(log.coversAfter(101)).isTrue();
        assertThat(log.coversAfter(100)).as("102's predecessor 101 was evicted").isFalse();
        assertThat(ids(log.between(101, 104, e -> true))).containsExactly(102L, 103L, 104L);
        assertThat(ids(log.between(102, 103, e -> true))).containsExactly(103L);
        assertThat(ids(log.latest(2, 104, e -> true))).containsExactly(103L, 104L);
        assertThat(ids(log.latest(5, 103, e -> true))).containsExactly(102L, 103L);
        assertThat(ids(log.latest(5, 104, e -> e.event().storeId().equals("s0")))).containsExactly(102L, 104L);
    }

    @Test
    void refusesIdsThatGoBackwards() {
        EventLog log = new EventLog(3, 0);
        log.append(stored(5));
        assertThatThrownBy(() -> log.append(stored(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
