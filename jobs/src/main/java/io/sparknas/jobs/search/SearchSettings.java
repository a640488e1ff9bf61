package io.sparknas.jobs.search;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;

/** The loop's budget: queries, candidates per generation, a generation limit and task parallelism. */
public record SearchSettings(long budget, int batch, int maxGenerations, int parallelism) {

    public static SearchSettings from(NasConfig config, int parallelism) {
        int budget = config.getPositiveInt("search.budget");
        int batch = config.getPositiveInt("search.batch");
        int maxGenerations = config.getInt("search.max-generations");
        if (maxGenerations < 0) {
            throw new BadInputException("config key 'search.max-generations' must be >= 0 (0 = 20 x budget / batch), got "
                    + maxGenerations);
        }
        if (maxGenerations == 0) {
            // duplicates served from the cache spend no budget: bound the generations all the same
            maxGenerations = 20 * Math.max(1, budget / batch);
        }
        return new SearchSettings(budget, batch, maxGenerations, parallelism);
    }
}
