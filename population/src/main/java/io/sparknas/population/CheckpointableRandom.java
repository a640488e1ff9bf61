package io.sparknas.population;

import java.util.Random;

/**
 * A {@link Random} whose whole state is one {@code long} (SplitMix64), so a {@link SearchState} can
 * be written to a table and a run resumed bit for bit. {@code java.util.Random} hides its state.
 */
public final class CheckpointableRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    private CheckpointableRandom(long state) {
        super(0L);
        this.state = state;
    }

    public static CheckpointableRandom seeded(long seed) {
        return new CheckpointableRandom(mix(seed));
    }

    public static CheckpointableRandom restore(long state) {
        return new CheckpointableRandom(state);
    }

    public long state() {
        return state;
    }

    @Override
    public synchronized void setSeed(long seed) {
        // Called by Random's constructor before our field exists; restore/seeded set the real state.
        this.state = mix(seed);
    }

    @Override
    protected int next(int bits) {
        return (int) (nextLong() >>> (64 - bits));
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** No cached second value: the state stays one long. */
    @Override
    public synchronized double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** SplitMix64's finaliser; also used to derive independent seeds from (seed, index) pairs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
