package io.sparknas.population.strategy;

import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.proposal.Breeder;
import io.sparknas.population.proposal.Proposal;
import io.sparknas.population.proposal.ProposalRound;
import io.sparknas.population.proposal.Proposing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Lets a surrogate decide which proposals deserve a real evaluation (FBNetV3 / LINAS style): the
 * inner strategy proposes {@code proposals × n} genomes (plus {@code randomProposals × n} uniform samples of
 * the space), those already evaluated or repeated are
 * dropped, and the {@code n} with the best {@link Acquisition} score (predicted objective plus an
 * uncertainty bonus, fixed or randomly drawn) are asked.
 * The surrogate is refit on the run's evaluations every {@code refitEvery} of them. With a floor
 * quantile, the surrogate that ranks proposals learns the history with every value below that
 * quantile raised to it: it spends itself on telling good candidates apart, not on how bad the bad
 * ones are.
 *
 * <p>When the inner strategy can freeze its parents into a {@link Breeder} (random search, regularized
 * evolution, NSGA-II, MAP-Elites), the proposals are a {@link ProposalRound}: generated, scored and
 * cut to the best {@code n} partition by partition where the {@link Proposing} runs them (on Spark's
 * executors in the search job), so {@code proposals} may be in the millions while the driver only
 * sees each partition's top. The state's counter {@value #PROPOSALS} adds up the proposals scored.
 *
 * <p>The run's answer ({@link SearchState#getBest()}) is chosen with the surrogate too: evaluations
 * are noisy (one training seed), so the best observed value is biased upwards by luck; among the
 * evaluated architectures the one with the best blend of observed and predicted value wins.
 */
public final class PredictorGuided implements SearchStrategy {
    public static final String NAME = "predictor-guided";
    /** The state's counter of proposals scored by the surrogate, over the run. */
    public static final String PROPOSALS = "proposals_scored";
    private final SearchStrategy inner;
    private final SearchSpace space;
    private final Objective objective;
    private final Surrogate surrogate;
    private final Settings settings;
    private final Proposing proposing;
    private Memo last;
    private Memo lastFloored;

    /**
     * The strategy's knobs, validated when built.
     *
     * @param proposals       inner-strategy proposals per asked genome (k)
     * @param randomProposals uniform samples of the space per asked genome, scored alongside the inner
     *                        strategy's proposals: mutations of the current population alone can keep a
     *                        run in a mediocre region that the surrogate already knows is worse
     * @param warmup          evaluations made by the inner strategy alone before the surrogate is trusted
     * @param bonus           weight of the surrogate's uncertainty in the ranking (exploration)
     * @param acquisition     how the bonus enters the ranking
     * @param refitEvery      evaluations between two refits of the surrogate
     * @param observedWeight  weight of the observed value against the prediction when choosing the answer
     * @param floorQuantile   the proposals are ranked by a surrogate fit with the values below this quantile of
     *                        the history raised to it (0: on the values as observed); the answer is always
     *                        chosen with the surrogate fit on the observed values
     */
    public record Settings(int proposals, int randomProposals, int warmup, double bonus, Acquisition acquisition,
                           int refitEvery, double observedWeight, double floorQuantile) {
        public Settings {
            if (!(floorQuantile >= 0 && floorQuantile < 1)) {
                throw new IllegalArgumentException("predictor-guided floor-quantile must be in [0, 1), got " + floorQuantile);
            }
            if (acquisition == null) {
                throw new IllegalArgumentException("predictor-guided acquisition must be set");
            }
            if (!(observedWeight >= 0 && observedWeight <= 1)) {
                throw new IllegalArgumentException("predictor-guided observed-weight must be in [0, 1], got " + observedWeight);
            }
            if (refitEvery < 1) {
                throw new IllegalArgumentException("predictor-guided refit-every must be >= 1, got " + refitEvery);
            }
            if (proposals < 1) {
                throw new IllegalArgumentException("predictor-guided proposals must be >= 1, got " + proposals);
            }
            if (randomProposals < 0) {
                throw new IllegalArgumentException("predictor-guided random-proposals must be >= 0, got " + randomProposals);
            }
            if (warmup < 2) {
                throw new IllegalArgumentException("predictor-guided warmup must be >= 2 evaluations, got " + warmup);
            }
            if (!(bonus >= 0) || Double.isInfinite(bonus)) {
                throw new IllegalArgumentException("predictor-guided bonus must be finite and >= 0, got " + bonus);
            }
        }

        /**
         * {@code perGenome} proposals for each of {@code n} asked genomes, in 64 bits, for an inner strategy
         * that proposes as a list: a product past the largest list is refused rather than wrapped around to
         * a negative or tiny count.
         */
        public int proposalsFor(int perGenome, int n) {
            long count = (long) perGenome * n;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("predictor-guided proposals " + perGenome + " x " + n
                        + " asked = " + count + " is more than one generation can hold");
            }
            return (int) count;
        }
    }

    /** Proposals of a round run in this JVM ({@link Proposing#local()}). */
    public PredictorGuided(SearchStrategy inner, SearchSpace space, Objective objective, Surrogate surrogate,
                           Settings settings) {
        this(inner, space, objective, surrogate, settings, Proposing.local());
    }

    /** @param proposing where the partitions of a {@link ProposalRound} run */
    public PredictorGuided(SearchStrategy inner, SearchSpace space, Objective objective, Surrogate surrogate,
                           Settings settings, Proposing proposing) {
        this.proposing = proposing;
        this.inner = inner;
        this.space = space;
        this.objective = objective;
        this.surrogate = surrogate;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        if (state.getHistory().size() < settings.warmup() || n == 0) {
            return inner.ask(state, n);
        }
        Set<String> evaluated = new HashSet<>();
        state.getHistory().forEach(i -> evaluated.add(i.canonicalKey()));
        Optional<Breeder> breeder = inner.breeder(state);
        if (breeder.isPresent()) {
            return askInRounds(state, n, breeder.get(), evaluated);
        }
        Map<String, Genome> fresh = new LinkedHashMap<>();
        List<Genome> proposed = new ArrayList<>(inner.ask(state, settings.proposalsFor(settings.proposals(), n)));
        for (int i = 0; i < settings.proposalsFor(settings.randomProposals(), n); i++) {
            proposed.add(space.sample(state.random()));
        }
        for (Genome genome : proposed) {
            String key = space.canonicalKey(genome);
            if (!evaluated.contains(key)) {
                fresh.putIfAbsent(key, genome);
            }
        }
        for (int attempt = 0; fresh.size() < n && attempt < 100 * n; attempt++) { // an inner strategy stuck on known genomes
            Genome genome = space.sample(state.random());
            String key = space.canonicalKey(genome);
            if (!evaluated.contains(key)) {
                fresh.putIfAbsent(key, genome);
            }
        }
        List<Genome> pool = new ArrayList<>(fresh.values());
        // the draws come from the state's seed and size, not the run's stream: ask stays a function of the state
        Random draws = new Random(CheckpointableRandom.mix(state.getSeed() * 31 + state.getHistory().size()));
        Surrogate.Fitted ranking = fitted(state, settings.floorQuantile() > 0);
        double[] scores = settings.acquisition().scores(ranking.predict(pool), settings.bonus(), draws);
        return IntStream.range(0, pool.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .limit(n).map(pool::get).toList();
    }

    /**
     * The best {@code n} of {@code (proposals + randomProposals) × n} proposals, scored where the
     * {@link Proposing} runs the round's partitions; topped up with uniform samples when the space
     * holds fewer fresh architectures than asked.
     */
    private List<Genome> askInRounds(SearchState state, int n, Breeder breeder, Set<String> evaluated) {
        long count = ((long) settings.proposals() + settings.randomProposals()) * n;
        double randomShare = settings.randomProposals() / (double) (settings.proposals() + settings.randomProposals());
        Surrogate.Fitted ranking = fitted(state, settings.floorQuantile() > 0);
        ProposalRound round = new ProposalRound(state.getSeed(), state.getGeneration(), count, randomShare, n,
                ProposalRound.partitionsFor(count), ProposalRound.BATCH, space, breeder, evaluated, ranking.local(),
                settings.acquisition(), settings.bonus());
        List<Proposal> best = proposing.propose(round);
        state.increment(PROPOSALS, count);
        Map<String, Genome> asked = new LinkedHashMap<>();
        best.forEach(p -> asked.put(p.key(), p.genome()));
        for (int attempt = 0; asked.size() < n && attempt < 100 * n; attempt++) {
            Genome genome = space.sample(state.random());
            String key = space.canonicalKey(genome);
            if (!evaluated.contains(key)) {
                asked.putIfAbsent(key, genome);
            }
        }
        return List.copyOf(asked.values());
    }

    /**
     * The surrogate fit on the longest prefix of the history whose length is a multiple of
     * {@code refitEvery} (at least the warm-up's evaluations): a function of the state alone, so a resumed run refits exactly as the
     * uninterrupted one did, while refits stay rare enough for sequential (batch 1) searches.
     *
     * @param floored fit on the values with the floor quantile applied (ranking proposals)
     */
    private Surrogate.Fitted fitted(SearchState state, boolean floored) {
        // never fewer rows than the warm-up: a warm-up shorter than refit-every would leave the first fit no rows
        int cut = Math.max(state.getHistory().size() / settings.refitEvery() * settings.refitEvery(),
                Math.min(settings.warmup(), state.getHistory().size()));
        List<Individual> prefix = List.copyOf(state.getHistory().subList(0, cut));
        Memo memo = floored ? lastFloored : last;
        if (memo != null && memo.seed == state.getSeed() && memo.history.equals(prefix)) {
            return memo.fitted;
        }
        List<Individual> rows = floored ? floor(prefix, settings.floorQuantile()) : prefix;
        // a seed per refit keeps the fits reproducible without touching the run's RNG stream
        Surrogate.Fitted fitted = surrogate.fit(rows, objective, CheckpointableRandom.mix(state.getSeed() + cut));
        memo = new Memo(state.getSeed(), prefix, fitted);
        if (floored) {
            lastFloored = memo;
        } else {
            last = memo;
        }
        return fitted;
    }

    /** The individuals with the objective's values below the {@code quantile} (by utility) raised to it. */
    private List<Individual> floor(List<Individual> history, double quantile) {
        List<Individual> measured = history.stream().filter(i -> Double.isFinite(objectiveValue(i))).toList();
        if (measured.isEmpty()) {
            return history;
        }
        double[] utilities = measured.stream().mapToDouble(i -> objective.utility(i.metrics())).sorted().toArray();
        double floor = utilities[(int) Math.floor(quantile * (utilities.length - 1))];
        // back to the metric's own orientation: utility is the value, or its negation when minimised
        double floorValue = objective.direction() == Objective.Direction.MAXIMIZE ? floor : -floor;
        return history.stream().map(i -> Double.isFinite(objectiveValue(i)) && objective.utility(i.metrics()) < floor
                ? withObjective(i, floorValue) : i).toList();
    }

    private double objectiveValue(Individual individual) {
        return individual.metrics().getOrDefault(objective.metric(), Double.NaN);
    }

    private Individual withObjective(Individual individual, double value) {
        Map<String, Double> metrics = new HashMap<>(individual.metrics());
        metrics.put(objective.metric(), value);
        return new Individual(individual.genome(), individual.arch(), individual.canonicalKey(), metrics,
                individual.generation());
    }

    /** The last fit, reused while the history prefix it was fit on is unchanged (a pure cache). */
    private record Memo(long seed, List<Individual> history, Surrogate.Fitted fitted) {
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        List<Individual> history = new ArrayList<>(state.getHistory());
        Set<String> known = new HashSet<>();
        history.forEach(i -> known.add(i.canonicalKey()));
        evaluated.stream().filter(i -> known.add(i.canonicalKey())).forEach(history::add);
        state.setHistory(history);
        inner.tell(state, evaluated); // advances the generation and tracks the observed best
        if (history.size() >= settings.warmup()) {
            state.setBest(denoisedBest(state, history));
        }
    }

    /** The evaluated individual with the best blend of observed and predicted utility. */
    private Individual denoisedBest(SearchState state, List<Individual> history) {
        double[] predicted = fitted(state, false).utilities(history.stream().map(Individual::genome).toList());
        Individual best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < history.size(); i++) {
            double score = settings.observedWeight() * objective.utility(history.get(i).metrics())
                    + (1 - settings.observedWeight()) * predicted[i];
            if (score > bestScore) {
                bestScore = score;
                best = history.get(i);
            }
        }
        return best;
    }
}
