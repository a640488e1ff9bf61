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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * MAP-Elites (Mouret &amp; Clune 2015): a grid over one or two descriptor metrics (e.g. params and
 * latency), each cell keeping the best individual found for it by one objective. The result is not
 * one best network but the best one at every size or speed.
 *
 * <p>The first {@code initialSamples} genomes (counted by individuals told, in the state's counter
 * {@value #TOLD}) are random samples, and so is every ask while the archive is empty. After that a
 * child is a point mutation of a uniformly chosen elite, with probability {@code crossoverProbability}
 * first crossed uniformly with a second uniformly chosen elite.
 *
 * <p>The archive is the state's population, one elite per filled cell in cell order, so it
 * checkpoints with the state; cells are recomputed from the elites' metrics. An individual lacking
 * a descriptor metric or the objective (missing or NaN) is not placed in any cell, though it can
 * still be the state's best. A challenger takes a cell only when strictly better, so ties keep the
 * elite that came first.
 */
public final class MapElites implements SearchStrategy {
    public static final String NAME = "map-elites";
    public static final String TOLD = "map_elites_told";

    /** One axis of the grid: {@code bins} equal bins over [min, max]; values outside go to the edge bins. */
    public record Descriptor(String metric, double min, double max, int bins) {
        public Descriptor {
            Objects.requireNonNull(metric, "metric");
            if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
                throw new IllegalArgumentException("map-elites descriptor '" + metric + "' needs finite min < max, got ["
                        + min + ", " + max + "]");
            }
            if (bins < 1) {
                throw new IllegalArgumentException("map-elites descriptor '" + metric + "' bins must be >= 1, got " + bins);
            }
        }

        /** The bin of the metric's value, or -1 when the value is missing or NaN. */
        public int bin(Map<String, Double> metrics) {
            Double value = metrics.get(metric);
            if (value == null || value.isNaN()) {
                return -1;
            }
            double position = Math.floor((value - min) / (max - min) * bins);
            return (int) Math.max(0, Math.min(bins - 1, position)); // clamps infinities too
        }
    }

    private final SearchSpace space;
    private final Objective objective;
    private final List<Descriptor> descriptors;
    private final int initialSamples;
    private final double crossoverProbability;
    private final PointMutation mutation;
    private final UniformCrossover crossover = new UniformCrossover();

    public MapElites(SearchSpace space, Objective objective, List<Descriptor> descriptors, int initialSamples) {
        this(space, objective, descriptors, initialSamples, 0.0);
    }

    public MapElites(SearchSpace space, Objective objective, List<Descriptor> descriptors, int initialSamples,
                     double crossoverProbability) {
        this.space = Objects.requireNonNull(space, "space");
        this.objective = Objects.requireNonNull(objective, "objective");
        if (descriptors == null || descriptors.size() < 1 || descriptors.size() > 2) {
            throw new IllegalArgumentException("map-elites descriptors must be 1 or 2, got "
                    + (descriptors == null ? "none" : descriptors.size() + ": " + descriptors));
        }
        if (initialSamples < 1) {
            throw new IllegalArgumentException("map-elites initial samples must be >= 1, got " + initialSamples);
        }
        if (!(crossoverProbability >= 0 && crossoverProbability <= 1)) {
            throw new IllegalArgumentException("map-elites crossover probability must be in [0, 1], got " + crossoverProbability);
        }
        long cells = 1;
        for (Descriptor descriptor : descriptors) {
            cells *= descriptor.bins(); // two descriptors of at most 2^31 - 1 bins each: no long overflow
        }
        if (cells > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("map-elites archive of " + cells + " cells (the product of the descriptors' "
                    + "bins) is larger than " + Integer.MAX_VALUE);
        }
        this.descriptors = List.copyOf(descriptors);
        this.initialSamples = initialSamples;
        this.crossoverProbability = crossoverProbability;
        this.mutation = new PointMutation(space);
    }

    @Override
    public String name() {
        return NAME;
    }

    public List<Descriptor> descriptors() {
        return descriptors;
    }

    public int totalCells() {
        int cells = 1;
        for (Descriptor descriptor : descriptors) {
            cells *= descriptor.bins();
        }
        return cells;
    }

    /** The cell of these metrics, row-major over the descriptors' bins; -1 when a descriptor metric is missing. */
    public int cellOf(Map<String, Double> metrics) {
        int cell = 0;
        for (Descriptor descriptor : descriptors) {
            int bin = descriptor.bin(metrics);
            if (bin < 0) {
                return -1;
            }
            cell = cell * descriptor.bins() + bin;
        }
        return cell;
    }

    /** The elites by cell, in cell order. */
    public Map<Integer, Individual> archive(SearchState state) {
        Map<Integer, Individual> cells = new TreeMap<>();
        state.getPopulation().forEach(elite -> cells.put(cellOf(elite.metrics()), elite));
        return cells;
    }

    /** Filled cells over all cells, in [0, 1]. */
    public double coverage(SearchState state) {
        return (double) state.getPopulation().size() / totalCells();
    }

    /** The sum of the elites' objective utilities (the value, negated when minimised); empty cells add 0. */
    public double qdScore(SearchState state) {
        return qdScore(state, 0.0);
    }

    /**
     * The sum over elites of (utility - {@code offset}). QD-score assumes every filled cell adds
     * something, so pass a lower bound of the utility as the offset when it can be negative (e.g.
     * {@code -2.0} for a minimised latency of at most 2 ms).
     */
    public double qdScore(SearchState state, double offset) {
        double score = 0.0;
        for (Individual elite : state.getPopulation()) {
            score += objective.utility(elite.metrics()) - offset;
        }
        return score;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Individual> elites = state.getPopulation();
        long told = state.counter(TOLD);
        Random rng = state.random();
        List<Genome> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (elites.isEmpty() || told + i < initialSamples) {
                children.add(space.sample(rng));
            } else {
                children.add(child(elites, rng));
            }
        }
        return children;
    }

    /**
     * The archive's elites, frozen: a child is a mutation of a uniformly drawn elite (crossed with a
     * second one with the crossover probability), or a uniform sample during the initial samples.
     */
    @Override
    public Optional<Breeder> breeder(SearchState state) {
        List<Individual> elites = state.getPopulation();
        if (elites.isEmpty() || state.counter(TOLD) < initialSamples) {
            return Optional.of(Breeder.uniform(space));
        }
        Genome[] parents = elites.stream().map(Individual::genome).toArray(Genome[]::new);
        return Optional.of(new EliteChildren(parents, crossoverProbability, crossover, mutation));
    }

    /** {@link MapElites}' child-making, frozen. */
    private record EliteChildren(Genome[] elites, double crossoverProbability, UniformCrossover crossover,
                                 PointMutation mutation) implements Breeder {
        @Override
        public Genome breed(Random random) {
            Genome parent = elites[random.nextInt(elites.length)];
            if (crossoverProbability > 0 && random.nextDouble() < crossoverProbability) {
                parent = crossover.apply(parent, elites[random.nextInt(elites.length)], random);
            }
            return mutation.apply(parent, random);
        }
    }

    private Genome child(List<Individual> elites, Random rng) {
        Genome parent = elites.get(rng.nextInt(elites.size())).genome();
        if (crossoverProbability > 0 && rng.nextDouble() < crossoverProbability) {
            parent = crossover.apply(parent, elites.get(rng.nextInt(elites.size())).genome(), rng);
        }
        return mutation.apply(parent, rng);
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        Map<Integer, Individual> cells = archive(state);
        for (Individual challenger : evaluated) {
            state.offerBest(challenger, objective);
            state.increment(TOLD, 1);
            int cell = cellOf(challenger.metrics());
            double utility = objective.utility(challenger.metrics());
            if (cell < 0 || utility == Double.NEGATIVE_INFINITY) {
                continue;
            }
            Individual elite = cells.get(cell);
            if (elite == null || utility > objective.utility(elite.metrics())) {
                cells.put(cell, challenger);
            }
        }
        state.setPopulation(new ArrayList<>(cells.values()));
        state.setGeneration(state.getGeneration() + 1);
    }
}
