package io.sparknas.jobs.engine;

import io.sparknas.jobs.config.Setting;
import io.sparknas.population.SearchSpace;

import java.math.BigInteger;

/**
 * The loop's budget: evaluator queries, candidates per generation, a generation limit, task parallelism and a
 * time limit ({@code maxSeconds}: no generation starts once the loop has run this long in this process; 0 = none).
 */
public record SearchSettings(long budget, int batch, long maxGenerations, int parallelism, long maxSeconds) {

    /** No time limit. */
    public SearchSettings(long budget, int batch, long maxGenerations, int parallelism) {
        this(budget, batch, maxGenerations, parallelism, 0);
    }

    /** @param maxGenerations the generation limit; 0 = {@link #generationLimit} */
    public static SearchSettings of(long budget, int batch, long maxGenerations, int parallelism) {
        return of(budget, batch, maxGenerations, parallelism, 0);
    }

    /**
     * @param maxGenerations the generation limit; 0 = {@link #generationLimit}
     * @param maxSeconds     the time limit of the loop in this process; 0 = none
     */
    public static SearchSettings of(long budget, int batch, long maxGenerations, int parallelism, long maxSeconds) {
        return new SearchSettings(budget, batch, maxGenerations == 0 ? generationLimit(budget, batch) : maxGenerations,
                parallelism, maxSeconds);
    }

    /** Whether a loop that started {@code elapsedNanos} ago may start another generation under the time limit. */
    public boolean withinTime(long elapsedNanos) {
        return maxSeconds == 0 || elapsedNanos < maxSeconds * 1_000_000_000L;
    }

    /**
     * Refuses a budget no search could spend: more queries than the space has architectures, each
     * evaluated at every fidelity. (The loop would stop at the generation limit without saying why.)
     */
    public void checkSpendable(SearchSpace space, int fidelities, Setting<?> budgetKey) {
        BigInteger most = space.size().multiply(BigInteger.valueOf(fidelities));
        if (BigInteger.valueOf(budget).compareTo(most) > 0) {
            throw budgetKey.error("= " + budget + " is more than the " + space.name()
                    + " space's " + space.size() + " architectures" + (fidelities > 1 ? " x " + fidelities + " fidelities" : "")
                    + " can use");
        }
    }

    /**
     * The default generation limit, shared by the Spark loop and the benchmark: duplicates served from
     * the cache spend no budget, so the generations are bounded all the same, at 20 x budget / batch. In
     * 64 bits: with {@code search.budget = 2147483647} an int product overflowed to a negative limit, and
     * the run was stored FINISHED after 0 queries.
     */
    public static long generationLimit(long budget, int batch) {
        return Math.multiplyExact(20L, Math.max(1L, budget / batch));
    }
}
