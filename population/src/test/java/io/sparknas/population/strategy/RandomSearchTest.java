package io.sparknas.population.strategy;

import io.sparknas.population.SearchStrategy;

class RandomSearchTest extends StrategyContract {
    @Override
    protected SearchStrategy strategy() {
        return new RandomSearch(SPACE, SCORE);
    }
}
