package io.sparknas.jobs.store;

import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Retries a Delta commit that lost an optimistic-concurrency race to another writer (two searches
 * on one store: ConcurrentAppendException, ProtocolChangedException, …). Every write of ours is a
 * MERGE on the table's key, so a retry re-reads the winner's rows and inserts only what is still
 * missing. Backoff doubles from {@link #FIRST_WAIT_MS} with jitter, so two losers do not collide again.
 */
final class DeltaRetry {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaRetry.class);
    static final int MAX_ATTEMPTS = 10;
    static final long FIRST_WAIT_MS = 100;
    static final long MAX_WAIT_MS = 5_000;

    private final AtomicLong retries = new AtomicLong();

    /** Conflicts retried so far by this store (all tables). */
    long retries() {
        return retries.get();
    }

    <T> T call(String table, Supplier<T> commit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commit.get();
            } catch (DeltaConcurrentModificationException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                long ceiling = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS << (attempt - 1));
                long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
                retries.incrementAndGet();
                LOG.warn("Delta commit conflict on table {} ({}); retry {} of {} in {} ms", table,
                        e.getClass().getSimpleName(), attempt, MAX_ATTEMPTS - 1, wait);
                sleep(wait);
            }
        }
    }

    void run(String table, Runnable commit) {
        call(table, () -> {
            commit.run();
            return null;
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a Delta commit", e);
        }
    }
}
