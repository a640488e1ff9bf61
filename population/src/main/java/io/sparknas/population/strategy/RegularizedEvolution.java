package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.operator.PointMutation;
import io.sparknas.population.proposal.Breeder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Aging evolution (Real et al. 2019): until the population is full, random samples; then each child
 * is a mutation of the best of {@code sampleSize} individuals drawn from the population, and the
 * oldest individual dies for every child that joins.
 */
public final class RegularizedEvolution implements SearchStrategy {
    public static final String NAME = "regularized-evolution";
    private final SearchSpace space;
    private final Objective objective;
    private final int populationSize;
    private final int sampleSize;
    private final PointMutation mutation;

    public RegularizedEvolution(SearchSpace space, Objective objective, int populationSize, int sampleSize) {
        if (populationSize < 1) {
            throw new IllegalArgumentException("regularized-evolution population must be >= 1, got " + populationSize);
        }
        if (sampleSize < 1 || sampleSize > populationSize) {
            throw new IllegalArgumentException("regularized-evolution sample must be in 1.." + populationSize + ", got " + sampleSize);
        }
        this.space = space;
        this.objective = objective;
        this.populationSize = populationSize;
        this.sampleSize = sampleSize;
        this.mutation = new PointMutation(space);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Individual> population = state.getPopulation();
        List<Genome> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (population.isEmpty() || population.size() + i < populationSize) {
                children.add(space.sample(state.random()));
            } else {
                children.add(mutation.apply(tournament(population, state).genome(), state.random()));
            }
        }
        return children;
    }

    /**
     * The population and its utilities: a child is a mutation of the best of {@code sampleSize} uniform
     * draws, or a uniform sample while the population is not full (as {@link #ask} for its first child).
     */
    @Override
    public Optional<Breeder> breeder(SearchState state) {
        List<Individual> population = state.getPopulation();
        if (population.isEmpty() || population.size() < populationSize) {
            return Optional.of(Breeder.uniform(space));
        }
        Genome[] parents = population.stream().map(Individual::genome).toArray(Genome[]::new);
        double[] utilities = population.stream().mapToDouble(i -> objective.utility(i.metrics())).toArray();
        return Optional.of(new Tournament(parents, utilities, sampleSize, mutation));
    }

    /** {@link RegularizedEvolution}'s child-making, frozen: tournament, then point mutation. */
    private record Tournament(Genome[] parents, double[] utilities, int sampleSize, PointMutation mutation)
            implements Breeder {
        @Override
        public Genome breed(Random random) {
            int winner = -1;
            for (int draw = 0; draw < sampleSize; draw++) {
                int contender = random.nextInt(parents.length);
                if (winner < 0 || utilities[contender] > utilities[winner]) {
                    winner = contender;
                }
            }
            return mutation.apply(parents[winner], random);
        }
    }

    private Individual tournament(List<Individual> population, SearchState state) {
        Individual winner = null;
        for (int draw = 0; draw < sampleSize; draw++) {
            Individual contender = population.get(state.random().nextInt(population.size()));
            if (winner == null || objective.utility(contender.metrics()) > objective.utility(winner.metrics())) {
                winner = contender;
            }
        }
        return winner;
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        List<Individual> population = new ArrayList<>(state.getPopulation());
        for (Individual child : evaluated) {
            population.add(child);
            state.offerBest(child, objective);
        }
        while (population.size() > populationSize) {
            population.remove(0); // the oldest dies, whatever its fitness
        }
        state.setPopulation(population);
        state.setGeneration(state.getGeneration() + 1);
    }
}
