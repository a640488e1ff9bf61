package io.sparknas.evaluation.dl4j;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.function.Supplier;

/**
 * How DL4J's native code runs here: which libnd4j build JavaCPP loads, how many threads a training
 * uses, and whether DL4J's oneDNN layer helpers are used.
 */
public final class Dl4jNatives {
    /** JavaCPP looks for natives under {@code linux-x86_64<extension>}; the project ships the oneDNN build. */
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /** DL4J M2.1 reads this on every layer creation and disables its helpers unless it is "false". */
    static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";
    private static final Object HELPERS_LOCK = new Object();

    static {
        configure();
    }

    private Dl4jNatives() {
    }

    /**
     * Points JavaCPP at the oneDNN natives when no JVM flag did (bin/nas and the tests pass it; this
     * covers JVMs started otherwise, e.g. executors under spark-submit). Must run before ND4J loads.
     */
    public static void configure() {
        if (System.getProperty(PLATFORM_EXTENSION) == null) {
            System.setProperty(PLATFORM_EXTENSION, "-onednn");
        }
    }

    /**
     * Threads for the calling thread's ND4J work (libnd4j's pool, OpenMP and OpenBLAS). OpenMP's
     * thread count is per calling thread, so each Spark task sets its own: the CPUs the scheduler
     * reserved for it ({@code spark.task.cpus}), and concurrent tasks never oversubscribe the cores.
     * libnd4j can lower, not raise, the count the JVM started with ({@code OMP_NUM_THREADS}, else
     * the number of cores), so executors should start without {@code OMP_NUM_THREADS=1}.
     */
    public static void useThreads(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The threads ND4J's own pool uses now. */
    public static int threads() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /**
     * Builds a network with DL4J's oneDNN helpers enabled (M2.1 disables them by default). Other
     * builders in the JVM (e.g. zero-cost proxies in double precision) keep the plain layers: the
     * switch is on only while this build runs.
     */
    public static ComputationGraph withHelpers(Supplier<ComputationGraph> build) {
        synchronized (HELPERS_LOCK) {
            String before = System.getProperty(HELPERS_DISABLED);
            System.setProperty(HELPERS_DISABLED, "false");
            try {
                return build.get();
            } finally {
                if (before == null) {
                    System.clearProperty(HELPERS_DISABLED);
                } else {
                    System.setProperty(HELPERS_DISABLED, before);
                }
            }
        }
    }
}
