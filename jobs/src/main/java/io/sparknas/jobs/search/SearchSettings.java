package io.sparknas.jobs.search;

import io.sparknas.jobs.config.NasConfig;

/** The loop's budget: queries, candidates per generation, a generation limit and task parallelism. */
public record SearchSettings(long budget, int batch, long maxGenerations, int parallelism) {

    public static SearchSettings from(NasConfig config, int parallelism) {
        int budget = SearchJobSettings.BUDGET.get(config);
        int batch = SearchJobSettings.BATCH.get(config);
        long maxGenerations = SearchJobSettings.MAX_GENERATIONS.get(config);
        if (maxGenerations == 0) {
            maxGenerations = generationLimit(budget, batch);
        }
        return new SearchSettings(budget, batch, maxGenerations, parallelism);
    }

    /**
     * Refuses a budget no search could spend: more queries than the space has architectures, each
     * evaluated at every fidelity. (The loop would stop at the generation limit without saying why.)
     */
    public void checkSpendable(io.sparknas.population.SearchSpace space, int fidelities) {
        java.math.BigInteger most = space.size().multiply(java.math.BigInteger.valueOf(fidelities));
        if (java.math.BigInteger.valueOf(budget).compareTo(most) > 0) {
            throw SearchJobSettings.BUDGET.error("= " + budget + " is more than the " + space.name()
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
