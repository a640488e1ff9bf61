package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RandomSearchTest extends StrategyContract {
    @Override
    protected SearchStrategy strategy() {
        return new RandomSearch(SPACE, SCORE);
    }

    @Test
    void whatItIsToldNeverChangesWhatItAsks() {
        SearchState told = strategy().start(8);
        List<Genome> withResults = run(strategy(), told, 10, 5);
        SearchState silent = strategy().start(8);
        List<Genome> withoutResults = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            withoutResults.addAll(strategy().ask(silent, 5));
            strategy().tell(silent, List.of());
        }
        assertEquals(withResults, withoutResults);
    }
}
