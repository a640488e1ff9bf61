package org.nd4j.nativeblas;

/**
 * Compatibility bridge for a DL4J 1.0.0-M2.1 bug: {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection, but M2.1 moved the
 * class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed the method
 * {@code isUseONEDNN}. Without this class DL4J never uses its oneDNN helpers (convolution, batch
 * norm, pooling), even on the oneDNN build of libnd4j, and convolutions fall back to an im2col
 * path whose column buffer is zeroed element by element (measured: ~4x slower NB201 training).
 * Only the two members DL4J calls exist; it answers what the loaded libnd4j reports, by reflection so
 * that the CUDA build (Maven profile {@code cuda}, no CPU bindings on the classpath) compiles too.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The environment view DL4J's reflection expects. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> cpu = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object environment = cpu.getMethod("getInstance").invoke(null);
                return (Boolean) cpu.getMethod("isUseONEDNN").invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false; // not the CPU backend: DL4J then uses its plain layers (or cuDNN)
            }
        }
    }
}
