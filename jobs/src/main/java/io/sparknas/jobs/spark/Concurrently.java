package io.sparknas.jobs.spark;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs independent Spark actions side by side (commits to different Delta tables) and waits for
 * all of them. New threads are made for each call so they inherit the caller's context class
 * loader: under spark-submit our jar lives in a child loader that pooled threads (such as those of
 * parallel streams) cannot see.
 */
public final class Concurrently {
    private Concurrently() {
    }

    public static void run(Runnable... actions) {
        ExecutorService threads = Executors.newFixedThreadPool(actions.length);
        try {
            CompletableFuture.allOf(Arrays.stream(actions).map(a -> CompletableFuture.runAsync(a, threads))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            threads.shutdown();
        }
    }
}
