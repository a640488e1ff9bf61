package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.operator.PointMutation;
import io.sparknas.population.operator.UniformCrossover;
import io.sparknas.population.proposal.Breeder;
import io.sparknas.population.pareto.Constraint;
import io.sparknas.population.pareto.ParetoRanking;
import io.sparknas.population.pareto.ParetoRanking.Ranked;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * NSGA-II (Deb et al. 2002) with constraint-domination. Until the population holds
 * {@code populationSize} individuals, asks are filled with random samples; after that every child is
 * bred from two binary-tournament winners (lower front first, then larger crowding distance) by
 * uniform crossover (with probability {@code crossoverProbability}) followed by a point mutation.
 * {@code tell} merges the population with the evaluated children and keeps the best
 * {@code populationSize} by front, then crowding distance (elitist survival).
 *
 * <p>The state's population is the survivors, best first. Rank and crowding are recomputed from it
 * for each ask, so nothing but the population needs checkpointing. A child identical to one already
 * merged (same canonical key and same metrics) is dropped at survival: in a discrete space copies of
 * a good cell would otherwise crowd out the rest of the front. When that leaves the population short,
 * the next ask tops it up with random samples.
 *
 * <p>{@code state.getBest()} is the best individual by the <em>first</em> objective among those that
 * satisfy every constraint; it stays null while no feasible individual was told.
 */
public final class Nsga2 implements SearchStrategy {
    public static final String NAME = "nsga2";
    public static final double DEFAULT_CROSSOVER_PROBABILITY = 0.9;

    private final SearchSpace space;
    private final List<Objective> objectives;
    private final List<Constraint> constraints;
    private final int populationSize;
    private final double crossoverProbability;
    private final UniformCrossover crossover = new UniformCrossover();
    private final PointMutation mutation;

    public Nsga2(SearchSpace space, List<Objective> objectives, List<Constraint> constraints, int populationSize) {
        this(space, objectives, constraints, populationSize, DEFAULT_CROSSOVER_PROBABILITY);
    }

    public Nsga2(SearchSpace space, List<Objective> objectives, List<Constraint> constraints, int populationSize,
                 double crossoverProbability) {
        this.space = Objects.requireNonNull(space, "space");
        if (objectives == null || objectives.isEmpty()) {
            throw new IllegalArgumentException("nsga2 objectives must name at least one objective, got " + objectives);
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("nsga2 population must be >= 2 (binary tournaments), got " + populationSize);
        }
        if (!(crossoverProbability >= 0 && crossoverProbability <= 1)) {
            throw new IllegalArgumentException("nsga2 crossover probability must be in [0, 1], got " + crossoverProbability);
        }
        this.objectives = List.copyOf(objectives);
        this.constraints = List.copyOf(Objects.requireNonNull(constraints, "constraints"));
        this.populationSize = populationSize;
        this.crossoverProbability = crossoverProbability;
        this.mutation = new PointMutation(space);
    }

    @Override
    public String name() {
        return NAME;
    }

    public List<Objective> objectives() {
        return objectives;
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    public int populationSize() {
        return populationSize;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Individual> population = state.getPopulation();
        List<Ranked> ranked = null; // only needed once the population is full
        Random rng = state.random();
        List<Genome> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (population.isEmpty() || population.size() + i < populationSize) {
                children.add(space.sample(rng));
            } else {
                if (ranked == null) {
                    ranked = ranking(state);
                }
                children.add(breed(ranked, rng));
            }
        }
        return children;
    }

    /**
     * The population with its fronts and crowding, frozen: a child is bred from two binary-tournament
     * winners as {@link #ask} breeds, or is a uniform sample while the population is not full.
     */
    @Override
    public Optional<Breeder> breeder(SearchState state) {
        List<Individual> population = state.getPopulation();
        if (population.isEmpty() || population.size() < populationSize) {
            return Optional.of(Breeder.uniform(space));
        }
        List<Ranked> ranked = ranking(state);
        List<Ranked> order = new ArrayList<>(ranked);
        order.sort(ParetoRanking.BETTER_FIRST);
        Genome[] parents = new Genome[ranked.size()];
        int[] standing = new int[ranked.size()]; // position in BETTER_FIRST order, equal for equal ranks
        for (int i = 0; i < ranked.size(); i++) {
            parents[i] = ranked.get(i).individual().genome();
        }
        java.util.IdentityHashMap<Ranked, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            index.put(ranked.get(i), i);
        }
        for (int position = 0; position < order.size(); position++) {
            boolean tie = position > 0 && ParetoRanking.BETTER_FIRST.compare(order.get(position - 1), order.get(position)) == 0;
            standing[index.get(order.get(position))] = tie ? standing[index.get(order.get(position - 1))] : position;
        }
        return Optional.of(new Tournaments(parents, standing, crossoverProbability, crossover, mutation));
    }

    /** {@link Nsga2}'s breeding, frozen: a lower standing wins a tournament, the first drawn on a tie. */
    private record Tournaments(Genome[] parents, int[] standing, double crossoverProbability,
                               UniformCrossover crossover, PointMutation mutation) implements Breeder {
        @Override
        public Genome breed(Random random) {
            Genome first = parents[winner(random)];
            Genome second = parents[winner(random)];
            Genome child = random.nextDouble() < crossoverProbability ? crossover.apply(first, second, random) : first;
            return mutation.apply(child, random);
        }

        private int winner(Random random) {
            int a = random.nextInt(parents.length);
            int b = random.nextInt(parents.length);
            return standing[a] <= standing[b] ? a : b;
        }
    }

    private Genome breed(List<Ranked> ranked, Random rng) {
        Genome first = tournament(ranked, rng).individual().genome();
        Genome second = tournament(ranked, rng).individual().genome();
        Genome child = rng.nextDouble() < crossoverProbability ? crossover.apply(first, second, rng) : first;
        return mutation.apply(child, rng);
    }

    private static Ranked tournament(List<Ranked> ranked, Random rng) {
        Ranked a = ranked.get(rng.nextInt(ranked.size()));
        Ranked b = ranked.get(rng.nextInt(ranked.size()));
        return ParetoRanking.BETTER_FIRST.compare(a, b) <= 0 ? a : b;
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        List<Individual> merged = new ArrayList<>(state.getPopulation());
        Set<Identity> seen = new HashSet<>();
        merged.forEach(individual -> seen.add(Identity.of(individual)));
        for (Individual child : evaluated) {
            if (Constraint.totalViolation(constraints, child.metrics()) == 0.0) {
                state.offerBest(child, objectives.get(0));
            }
            if (seen.add(Identity.of(child))) {
                merged.add(child);
            }
        }
        state.setPopulation(survivors(merged));
        state.setGeneration(state.getGeneration() + 1);
    }

    /** Best first by front then crowding; the sort is stable, so ties keep parents ahead of children. */
    private List<Individual> survivors(List<Individual> merged) {
        List<Ranked> ranked = new ArrayList<>(ParetoRanking.rank(merged, objectives, constraints));
        ranked.sort(ParetoRanking.BETTER_FIRST);
        return ranked.stream().limit(populationSize).map(Ranked::individual).toList();
    }

    /** The population's fronts and crowding distances, in population order. */
    public List<Ranked> ranking(SearchState state) {
        return ParetoRanking.rank(state.getPopulation(), objectives, constraints);
    }

    /** What makes two individuals copies: the same function, measured the same. */
    private record Identity(String canonicalKey, Map<String, Double> metrics) {
        static Identity of(Individual individual) {
            return new Identity(individual.canonicalKey(), individual.metrics());
        }
    }
}
