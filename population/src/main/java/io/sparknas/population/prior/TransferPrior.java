package io.sparknas.population.prior;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.strategy.Surrogate;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What earlier tasks know about a space, as one score per architecture: each source task's value of
 * its own objective (observed where it evaluated the architecture, predicted by a model fit on its
 * observations elsewhere), standardised per source and averaged with one weight per source.
 *
 * <p>A source's weight is its Kendall tau with the run's own observations among the run's best half
 * (at least {@code minObservations} of them), floored at 0: a source that ranks the target's good
 * architectures like the target does steers the search, one that does not (or ranks them backwards) is
 * ignored once the run has measured that. The best half, not all values: a source can separate good
 * from bad architectures and still misorder the good ones (training time on NB201 does), and a search
 * is decided among the good ones. Until the run has {@code minObservations} values of its own, every
 * source weighs 1. Immutable; shared by the seeds of a benchmark.
 */
public final class TransferPrior {
    private final SearchSpace space;
    private final List<Source> sources;
    private final int minObservations;

    /**
     * One source as the prior reads it.
     *
     * @param observed  utilities the source measured, by canonical key
     * @param model     the source's utilities predicted for any genome
     * @param ranked    the genomes the source ranks highest first (candidates of a warm start)
     * @param mean      centre of the source's utilities (standardising)
     * @param std       spread of the source's utilities (standardising), > 0
     */
    private record Source(String name, Map<String, Double> observed, Surrogate.Fitted model, List<Genome> ranked,
                          double mean, double std) {
        double[] standardised(List<Genome> genomes, List<String> keys) {
            double[] predicted = null;
            double[] out = new double[genomes.size()];
            for (int i = 0; i < out.length; i++) {
                Double known = observed.get(keys.get(i));
                if (known == null && predicted == null) {
                    predicted = model.utilities(genomes);
                }
                out[i] = ((known != null ? known : predicted[i]) - mean) / std;
            }
            return out;
        }
    }

    private TransferPrior(SearchSpace space, List<Source> sources, int minObservations) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a transfer prior needs at least one source");
        }
        if (minObservations < 2) {
            throw new IllegalArgumentException("a prior's weights need >= 2 observations, got " + minObservations);
        }
        this.space = space;
        this.sources = List.copyOf(sources);
        this.minObservations = minObservations;
    }

    /**
     * A prior from source tasks: each task's observations, and {@code surrogate} fit on them for the
     * architectures a task did not evaluate.
     *
     * @param minObservations run values needed before the sources are weighted by their rank agreement
     */
    public static TransferPrior fromTasks(SearchSpace space, List<SourceTask> tasks, Surrogate surrogate, long seed,
                                          int minObservations) {
        List<Source> sources = new ArrayList<>();
        for (SourceTask task : tasks) {
            Map<String, Double> observed = new LinkedHashMap<>();
            Map<String, Genome> genomes = new HashMap<>();
            List<Individual> measured = new ArrayList<>();
            for (Individual individual : task.observed()) {
                double value = individual.metrics().getOrDefault(task.objective().metric(), Double.NaN);
                if (Double.isFinite(value) && !observed.containsKey(individual.canonicalKey())) {
                    observed.put(individual.canonicalKey(), task.objective().utility(individual.metrics()));
                    genomes.put(individual.canonicalKey(), individual.genome());
                    measured.add(individual);
                }
            }
            if (measured.size() < 2) {
                continue; // nothing to rank with
            }
            double[] utilities = observed.values().stream().mapToDouble(Double::doubleValue).toArray();
            List<Genome> ranked = observed.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> genomes.get(e.getKey())).toList();
            Surrogate.Fitted model = surrogate.fit(measured, task.objective(), seed);
            sources.add(new Source(task.name(), observed, model, ranked, mean(utilities), spread(utilities)));
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source task has two or more finite values of its objective");
        }
        return new TransferPrior(space, sources, minObservations);
    }

    /**
     * A prior from one model alone (a saved predictor): its warm-start candidates are the best of
     * {@code pool} uniform samples of the space.
     */
    public static TransferPrior fromModel(SearchSpace space, String name, Surrogate.Fitted model, int pool, long seed,
                                          int minObservations) {
        Random random = new Random(seed);
        Map<String, Genome> sampled = new LinkedHashMap<>();
        for (int i = 0; i < pool; i++) {
            Genome genome = space.sample(random);
            sampled.putIfAbsent(space.canonicalKey(genome), genome);
        }
        List<Genome> genomes = List.copyOf(sampled.values());
        double[] utilities = model.utilities(genomes);
        List<Genome> ranked = IntStream.range(0, genomes.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -utilities[i]).thenComparingInt(i -> i))
                .map(genomes::get).toList();
        return new TransferPrior(space, List.of(new Source(name, Map.of(), model, ranked, mean(utilities),
                spread(utilities))), minObservations);
    }

    /** The sources' names, in order. */
    public List<String> sourceNames() {
        return sources.stream().map(Source::name).toList();
    }

    /**
     * Each source's weight given the run's observations so far: 1 before {@code minObservations}
     * finite values, then its Kendall tau with the best half of them (at least {@code minObservations}), floored at 0.
     */
    public double[] weights(List<Individual> history, Objective objective) {
        List<Individual> measured = history.stream()
                .filter(i -> Double.isFinite(i.metrics().getOrDefault(objective.metric(), Double.NaN))).toList();
        double[] weights = new double[sources.size()];
        if (measured.size() < minObservations) {
            Arrays.fill(weights, 1);
            return weights;
        }
        // agreement where the search decides: among the run's best half (at least minObservations values)
        int keep = Math.max(minObservations, (measured.size() + 1) / 2);
        measured = measured.stream()
                .sorted(Comparator.comparingDouble((Individual i) -> -objective.utility(i.metrics()))
                        .thenComparing(Individual::canonicalKey))
                .limit(keep).toList();
        double[] own = measured.stream().mapToDouble(i -> objective.utility(i.metrics())).toArray();
        List<Genome> genomes = measured.stream().map(Individual::genome).toList();
        List<String> keys = measured.stream().map(Individual::canonicalKey).toList();
        for (int s = 0; s < weights.length; s++) {
            double tau = new KendallsCorrelation().correlation(sources.get(s).standardised(genomes, keys), own);
            weights[s] = Double.isFinite(tau) ? Math.max(0, tau) : 0;
        }
        return weights;
    }

    /** How much the prior is trusted at all: its best source's weight. */
    public static double trust(double[] weights) {
        return Arrays.stream(weights).max().orElse(0);
    }

    /** The weighted mean of the sources' standardised utilities of each genome (0 when every weight is 0). */
    public double[] scores(List<Genome> genomes, double[] weights) {
        List<String> keys = genomes.stream().map(space::canonicalKey).toList();
        double[] scores = new double[genomes.size()];
        double total = Arrays.stream(weights).sum();
        if (total <= 0) {
            return scores;
        }
        for (int s = 0; s < sources.size(); s++) {
            if (weights[s] == 0) {
                continue;
            }
            double[] z = sources.get(s).standardised(genomes, keys);
            for (int i = 0; i < scores.length; i++) {
                scores[i] += weights[s] / total * z[i];
            }
        }
        return scores;
    }

    /**
     * The {@code n} best genomes by {@link #scores} among those the sources rank highest, leaving out
     * the canonical keys in {@code exclude}; fewer when the sources know fewer.
     */
    public List<Genome> best(int n, Set<String> exclude, double[] weights) {
        Map<String, Genome> candidates = new LinkedHashMap<>();
        int depth = n + exclude.size();
        for (Source source : sources) {
            for (Genome genome : source.ranked().subList(0, Math.min(depth, source.ranked().size()))) {
                String key = space.canonicalKey(genome);
                if (!exclude.contains(key)) {
                    candidates.putIfAbsent(key, genome);
                }
            }
        }
        List<Genome> pool = List.copyOf(candidates.values());
        double[] scores = scores(pool, weights);
        return IntStream.range(0, pool.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .limit(n).map(pool::get).toList();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double spread(double[] values) {
        double mean = mean(values);
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1);
        double std = Math.sqrt(variance);
        return std > 0 && Double.isFinite(std) ? std : 1;
    }
}
