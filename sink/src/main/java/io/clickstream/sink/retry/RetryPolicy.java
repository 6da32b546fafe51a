package io.clickstream.sink.retry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;

/**
 * The sink's one way of retrying: storage calls, commit conflicts and dead letters all go through Mutiny's
 * exponential backoff (capped, with jitter so several sinks do not retry in step). Each retried failure is
 * reported first, so status, metrics and logs show a retry as it happens.
 */
public final class RetryPolicy {

    /** Forever, for {@link #retry}'s {@code maxRetries}. */
    public static final long FOREVER = Long.MAX_VALUE;

    private static final double JITTER = 0.2;

    static {
        // Mutiny sets up context propagation on first use, and outside Quarkus (storage tools, tests) two threads
        // using it first at once can both try ("ContextManagerProvider already set"): do it once, here, where the
        // class's initialisation is guarded by the JVM.
        Uni.createFrom().emitter(e -> e.complete(null)).await().indefinitely();
    }

    /** Told about each failure that is retried. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param attempt        1 for the first failure
         * @param retryInMillis  the nominal delay before the next attempt (the actual one has ±20 % jitter)
         */
        void retrying(Throwable error, int attempt, long retryInMillis);
    }

    private final Duration initial;
    private final Duration max;

    public RetryPolicy(Duration initial, Duration max) {
        if (initial.compareTo(max) > 0) {
            throw new IllegalArgumentException("the initial backoff (" + initial + ") exceeds the maximum (" + max + ")");
        }
        this.initial = initial;
        this.max = max;
    }

    /**
     * Retries {@code uni} while its failure matches {@code when}, at most {@code maxRetries} times. A failure that
     * does not match, or the one after the last retry, fails the result.
     */
    public <T> Uni<T> retry(Uni<T> uni, Predicate<Throwable> when, long maxRetries, Observer observer) {
        return Uni.createFrom().deferred(() -> {
            AtomicInteger failures = new AtomicInteger();
            Predicate<Throwable> retried = e -> when.test(e) && failures.get() < maxRetries;
            Uni<T> observed = uni.onFailure(retried).invoke(e -> {
                int n = failures.incrementAndGet();
                observer.retrying(e, n, nominalDelayMillis(n));
            });
            var retry = observed.onFailure(when).retry().withBackOff(initial, max).withJitter(JITTER);
            return maxRetries == FOREVER ? retry.indefinitely() : retry.atMost(maxRetries);
        });
    }

    /**
     * Retries {@code uni} while its failure matches {@code when}, until {@code giveUpAfter} has passed since the
     * subscription; then the last failure fails the result.
     */
    public <T> Uni<T> retryFor(Uni<T> uni, Predicate<Throwable> when, Duration giveUpAfter, Observer observer) {
        return Uni.createFrom().deferred(() -> {
            long deadline = System.nanoTime() + giveUpAfter.toNanos();
            AtomicInteger failures = new AtomicInteger();
            Predicate<Throwable> retried = e -> when.test(e)
                    && System.nanoTime() + nominalDelayMillis(failures.get() + 1) * 1_000_000 < deadline;
            return uni.onFailure(retried).invoke(e -> {
                int n = failures.incrementAndGet();
                observer.retrying(e, n, nominalDelayMillis(n));
            }).onFailure(retried).retry().withBackOff(initial, max).withJitter(JITTER).indefinitely();
        });
    }

    /** The delay before retrying after the {@code attempt}-th failure, without jitter. */
    public long nominalDelayMillis(int attempt) {
        long delay = Math.max(1, initial.toMillis());
        for (int i = 1; i < attempt && delay < max.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, Math.max(1, max.toMillis()));
    }

    /** A blocking call as a {@link Uni} that fails with exactly the exception the call throws. */
    public static <T> Uni<T> blocking(java.util.concurrent.Callable<T> call) {
        return Uni.createFrom().emitter(em -> {
            T result;
            try {
                result = call.call();
            } catch (Exception e) {
                em.fail(e);
                return;
            }
            em.complete(result);
        });
    }

    /**
     * Waits for {@code uni} on the calling thread. An interrupt cancels it (no further retry starts) and is
     * rethrown; a failure is rethrown as it was raised.
     */
    public static <T> T await(Uni<T> uni) throws Exception {
        CompletableFuture<T> result = uni.subscribeAsCompletionStage();
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The failure and, when it wraps others, its root cause: what an operator needs to read. */
    public static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder(error.getClass().getSimpleName()).append(": ").append(error.getMessage());
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error) {
            sb.append(" (").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
        }
        return sb.toString();
    }

    /**
     * Whether a failure is worth retrying: a storage or network failure (an {@link IOException}, the form the
     * table and the file writer give every storage failure), as opposed to a bug, a corrupt table or a row the
     * writer cannot encode, which fail the same way on every attempt.
     */
    public static boolean isTransient(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
