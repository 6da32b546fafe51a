package io.clickstream.producer.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SessionQueueTest {

    @Test
    void pollsInTheSameOrderAsAPriorityQueueByTimeThenArrival() {
        SplittableRandom random = new SplittableRandom(3);
        SessionQueue queue = new SessionQueue();
        PriorityQueue<Session> reference = new PriorityQueue<>(
                Comparator.<Session>comparingLong(s -> s.nextTime).thenComparingLong(s -> s.sequence));
        Market market = new Market(java.util.List.of("a"));
        long sequence = 0;
        for (int step = 0; step < 200_000; step++) {
            if (reference.isEmpty() || random.nextInt(3) > 0) {
                Session s = new Session("s" + sequence, sequence++, random.nextInt(5_000), market.audiences().get(0),
                        io.clickstream.contract.Device.MOBILE, null, TrafficSource.pick(random), random, null);
                queue.add(s);
                reference.add(s);
            } else {
                assertThat(queue.peekTime()).isEqualTo(reference.peek().nextTime);
                assertThat(queue.poll()).isSameAs(reference.poll());
            }
            assertThat(queue.size()).isEqualTo(reference.size());
        }
        while (!reference.isEmpty()) {
            assertThat(queue.poll()).isSameAs(reference.poll());
        }
        assertThat(queue.isEmpty()).isTrue();
    }
}
