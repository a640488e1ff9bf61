package io.sparknas.evaluation.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps the threads ND4J's native code (its OpenMP loops and OpenBLAS) uses in this JVM. A Spark
 * executor runs one task per core, each in its own thread; if every task's native ops also fan out
 * over all cores, the cores are oversubscribed and OpenMP's spin-waiting makes it far worse (measured:
 * synflow of one NB201 network took ~10x longer on a busy 2-core machine than with one thread).
 * The setting is per JVM, so call it with the threads one task may use, from inside the task.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("native threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
