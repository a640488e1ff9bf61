package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.proposal.Breeder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Uniform samples from the space: the honest baseline every other strategy is measured against. */
public final class RandomSearch implements SearchStrategy {
    public static final String NAME = "random";
    private final SearchSpace space;
    private final Objective objective;

    public RandomSearch(SearchSpace space, Objective objective) {
        this.space = space;
        this.objective = objective;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Genome> genomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            genomes.add(space.sample(state.random()));
        }
        return genomes;
    }

    @Override
    public Optional<Breeder> breeder(SearchState state) {
        return Optional.of(Breeder.uniform(space));
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        evaluated.forEach(individual -> state.offerBest(individual, objective));
        state.setGeneration(state.getGeneration() + 1);
    }
}
