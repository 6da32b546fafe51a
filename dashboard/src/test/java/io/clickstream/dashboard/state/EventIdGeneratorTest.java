package io.clickstream.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class EventIdGeneratorTest {

    @Test
    void idsIncreaseEvenWithinOneMillisecondAndAcrossARestart() {
        AtomicLong clock = new AtomicLong(1_764_000_000_000L);
        EventIdGenerator first = new EventIdGenerator(clock::get);
        long last = 0;
        for (int i = 0; i < 5_000; i++) {
            long id = first.next();
            assertThat(id).isGreaterThan(last);
            last = id;
            if (i % 100 == 0) {
                clock.incrementAndGet();
            }
        }
        // a restart a millisecond later continues above every id of the previous run
        clock.incrementAndGet();
        EventIdGenerator restarted = new EventIdGenerator(clock::get);
        assertThat(restarted.firstPossibleId()).isGreaterThan(last);
        assertThat(restarted.next()).isGreaterThan(last);
    }

    @Test
    void idsAreExactInJavaScript() {
        EventIdGenerator ids = new EventIdGenerator(System::currentTimeMillis);
        assertThat(ids.next()).isLessThan(1L << 53);
    }
}
