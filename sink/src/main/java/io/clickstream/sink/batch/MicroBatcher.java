package io.clickstream.sink.batch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * A bounded, double-buffered micro-batcher: one batch fills while the previous one is flushed, by one
 * flusher thread, in order.
 * <p>
 * A batch is handed to the flusher when it reaches its record or byte limit, or when its time limit
 * has passed since its first record: a timer checks that, so a quiet topic is flushed too. When the
 * filling batch is full while the other is still flushing, or while storage is failing, {@link #add}
 * returns a stage that completes only when there is room again: the caller (the Kafka consumer) holds
 * its stream and the connector pauses the partitions. Memory is bounded by two batches.
 */
public final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Commits a batch; blocks until done (retrying as needed). */
    public interface Flusher {
        void flush(Batch batch) throws InterruptedException;
    }

    private final BatchLimits limits;
    private final Flusher flusher;
    private final Consumer<Throwable> onFatal;
    private final LongSupplier nanoClock;
    private final ExecutorService flushThread;
    private final ScheduledExecutorService timer;
    /** Never completes: what a closed batcher returns, so the stream is held rather than failed. */
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private Batch filling;
    private boolean flushing;
    private boolean holding;
    private boolean closed;
    private boolean broken;
    private CompletableFuture<Void> waiter;

    /**
     * @param onFatal called if a flush fails for a reason retrying cannot fix; consumption then stays held
     */
    public MicroBatcher(BatchLimits limits, Flusher flusher, Consumer<Throwable> onFatal) {
        this(limits, flusher, onFatal, System::nanoTime);
    }

    MicroBatcher(BatchLimits limits, Flusher flusher, Consumer<Throwable> onFatal, LongSupplier nanoClock) {
        this.limits = limits;
        this.flusher = flusher;
        this.onFatal = onFatal;
        this.nanoClock = nanoClock;
        this.flushThread = Executors.newSingleThreadExecutor(daemon("sink-flusher"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sink-batch-timer"));
        // the timer hands a due batch over at most one tick late: keep that small next to max-age
        long tick = Math.max(5, Math.min(50, limits.maxAge().toMillis() / 20));
        timer.scheduleWithFixedDelay(this::onTick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Adds one poll's worth; the returned stage completes when the caller may deliver more. */
    public CompletionStage<Void> add(Polled polled) {
        CompletableFuture<Void> result;
        synchronized (this) {
            if (closed) {
                // stopping: hold the stream rather than fail it (a failure is a fail-stop nack, logged for every
                // poll until the consumer closes); what is not committed is read again on the next start
                return stopped;
            }
            if (polled.records() > 0) {
                if (filling == null) {
                    filling = new Batch(nanoClock.getAsLong());
                }
                filling.add(polled);
                if (limits.isFull(filling)) {
                    handOverIfIdle();
                }
            }
            if (!mustHold()) {
                return DONE;
            }
            if (waiter == null) {
                waiter = new CompletableFuture<>();
            }
            result = waiter;
        }
        return result;
    }

    /**
     * Holds consumption (storage is failing) or lets it go on. While held, records already read stay in
     * the filling batch and are flushed once storage is back.
     */
    public void hold(boolean hold) {
        CompletableFuture<Void> release;
        synchronized (this) {
            holding = hold;
            release = releasable();
        }
        complete(release);
    }

    /** True while a batch is being flushed. */
    public synchronized boolean isFlushing() {
        return flushing;
    }

    /** Records in the batch being filled. */
    public synchronized long pendingRecords() {
        return filling == null ? 0 : filling.records();
    }

    private boolean mustHold() {
        return holding || (filling != null && limits.isFull(filling));
    }

    private CompletableFuture<Void> releasable() {
        if (waiter != null && !mustHold()) {
            CompletableFuture<Void> w = waiter;
            waiter = null;
            return w;
        }
        return null;
    }

    private static void complete(CompletableFuture<Void> f) {
        if (f != null) {
            f.complete(null);
        }
    }

    private void onTick() {
        CompletableFuture<Void> release = null;
        synchronized (this) {
            if (!closed && filling != null && isDue(filling)) {
                handOverIfIdle();
                release = releasable();
            }
        }
        complete(release);
    }

    private boolean isDue(Batch b) {
        return limits.isFull(b) || nanoClock.getAsLong() - b.createdNanos() >= limits.maxAge().toNanos();
    }

    private void handOverIfIdle() {
        if (!closed) {
            handOver();
        }
    }

    private void handOver() {
        if (flushing || filling == null || filling.isEmpty()) {
            return;
        }
        Batch batch = filling;
        filling = null;
        flushing = true;
        flushThread.execute(() -> runFlush(batch));
    }

    private void runFlush(Batch batch) {
        try {
            flusher.flush(batch);
        } catch (InterruptedException e) {
            LOG.infof("flush of %d records abandoned: %s", batch.records(), e.getMessage());
            return; // flushing stays true: the sink is stopping
        } catch (Throwable t) {
            LOG.error("flush failed for a reason retrying cannot fix; consumption stays paused", t);
            onFatal.accept(t);
            synchronized (this) {
                broken = true;
                notifyAll();
            }
            return; // flushing stays true: nothing more is committed, nothing is lost
        }
        CompletableFuture<Void> release;
        synchronized (this) {
            flushing = false;
            if (filling != null && isDue(filling)) {
                handOverIfIdle();
            }
            release = releasable();
            notifyAll();
        }
        complete(release);
    }

    /**
     * Stops taking records, then commits what is buffered: the batch being flushed, then the one filled
     * meanwhile, waiting up to {@code timeoutMillis} in all (not while storage is failing: that batch waits for
     * the next start). Then stops the threads. Records not committed by then are read again on the next start.
     */
    public void close(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        synchronized (this) {
            while (!broken && (flushing || (filling != null && !filling.isEmpty() && !holding))) {
                if (!flushing) {
                    handOver();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (filling != null && !filling.isEmpty()) {
                LOG.infof("stopping with %d records not committed: they are read again on the next start",
                        filling.records());
            }
        }
        flushThread.shutdownNow(); // interrupts a flush still running: abandoned, read again on the next start
        try {
            flushThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(10_000);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
