package io.sparknas.jobs.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.evaluation.darts.Alphas;
import io.sparknas.evaluation.darts.DartsResult;
import io.sparknas.evaluation.darts.DartsSearch;
import io.sparknas.evaluation.darts.DartsSettings;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * First-order DARTS (issue 25, deliverable 3) as a strategy of the one search loop, on the NB201 space.
 *
 * <p>The first {@code ask} runs {@link DartsSearch} on the driver (one native thread: the same recipe seed gives
 * the same α bit for bit, so a run resumed before its first commit re-derives the same picks) and keeps its outcome
 * in the state's notes ({@link #ARGMAX}, {@link #PERTURBATION}, {@link #ALPHAS}, …, committed to {@code checkpoints}).
 * Asks then return the distinct cells of the two selection rules, argmax first, then perturbation (each once,
 * spread over asks smaller than that); whatever an ask may return beyond them is filled with uniform samples of the
 * space, so a budget larger than the picks (or a pick the store already held, which spends no query) still ends
 * the run. The evaluator scores the picks as any candidates: {@code dl4j-train} trains them stand-alone.
 * {@code populations} holds the told picks.
 */
public final class DartsStrategy implements SearchStrategy {
    public static final String NAME = "darts";
    /** Notes: the argmax rule's cell, the perturbation rule's cell (arch strings). */
    public static final String ARGMAX = "darts_argmax";
    public static final String PERTURBATION = "darts_perturbation";
    /** Notes: final α and softmax(α), JSON [6 edges][5 ops] in {@code Nb201Space.OPS} order. */
    public static final String ALPHAS = "darts_alphas";
    public static final String WEIGHTS = "darts_weights";
    /** Notes: mean w-step loss per epoch (JSON list), seconds of the alternating training, w steps. */
    public static final String LOSS_PER_EPOCH = "darts_loss_per_epoch";
    public static final String SECONDS = "darts_seconds";
    public static final String STEPS = "darts_steps";
    /** Counter: how many of the distinct picks asks have returned so far. */
    public static final String PICKS_ASKED = "darts_picks_asked";

    private static final Logger LOG = LoggerFactory.getLogger(DartsStrategy.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a DARTS search leaves for the run. */
    public record Outcome(Genome argmax, Genome perturbation, double[][] alphas, List<Double> lossPerEpoch, double seconds,
                          long steps) {
        public static Outcome of(DartsResult result) {
            return new Outcome(result.argmaxGenome(), result.perturbationGenome(), result.alphas(), result.lossPerEpoch(),
                    result.seconds(), result.steps());
        }
    }

    private final SearchSpace space;
    private final Objective objective;
    private final Supplier<Outcome> search;

    /** @param search runs the DARTS search (called at most once per run, at its first ask) */
    public DartsStrategy(SearchSpace space, Objective objective, Supplier<Outcome> search) {
        this.space = space;
        this.objective = objective;
        this.search = search;
    }

    /**
     * The real search: {@link DartsSearch} on the training part of {@code data} (its validation part is never seen),
     * on one native thread of the calling (driver) thread, restored afterwards. Its outcome depends on these inputs
     * only, so it is kept: the runs of a {@code benchmark} (one strategy instance, many seeds) search once.
     */
    public static Supplier<Outcome> searching(DatasetSource data, TrainingRecipe recipe, DartsSettings settings) {
        Outcome[] kept = {null};
        return () -> {
            synchronized (kept) {
                if (kept[0] == null) {
                    kept[0] = search(data, recipe, settings);
                }
                return kept[0];
            }
        };
    }

    private static Outcome search(DatasetSource data, TrainingRecipe recipe, DartsSettings settings) {
        int before = Dl4jNatives.threads();
        Dl4jNatives.useThreads(1);
        try {
            ImageDataset train = data.load().train();
            LOG.info("DARTS: searching on {} training images ({} held out for α), {} epochs, {}", train.size(),
                    Math.max(1, Math.round(train.size() * settings.alphaFraction())), recipe.epochs(), settings);
            DartsResult result = DartsSearch.run(train, recipe, settings, (epoch, loss, alphaLoss, weights) ->
                    LOG.info(String.format(Locale.ROOT, "DARTS epoch %d/%d: w loss %.4f, held-out loss %.4f", epoch,
                            recipe.epochs(), loss, alphaLoss)));
            LOG.info("DARTS: final softmax(α):\n{}\nperturbation rule:\n{}", Alphas.format(result.weights()),
                    result.perturbation().describe());
            return Outcome.of(result);
        } finally {
            Dl4jNatives.useThreads(before);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Genome> picks = picks(state);
        List<Genome> genomes = new ArrayList<>(n);
        int asked = (int) state.counter(PICKS_ASKED);
        for (int i = asked; i < picks.size() && genomes.size() < n; i++) {
            genomes.add(picks.get(i));
        }
        state.increment(PICKS_ASKED, genomes.size());
        while (genomes.size() < n) {
            genomes.add(space.sample(state.random()));
        }
        return genomes;
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        List<String> pickKeys = picks(state).stream().map(space::canonicalKey).toList();
        List<Individual> population = new ArrayList<>(state.getPopulation());
        for (Individual individual : evaluated) {
            state.offerBest(individual, objective);
            if (pickKeys.contains(individual.canonicalKey())
                    && population.stream().noneMatch(p -> p.canonicalKey().equals(individual.canonicalKey()))) {
                population.add(individual);
            }
        }
        state.setPopulation(population);
        state.setGeneration(state.getGeneration() + 1);
    }

    /** The distinct picks (argmax, then perturbation unless equivalent), searching first if the state has none. */
    private List<Genome> picks(SearchState state) {
        if (state.note(ARGMAX) == null) {
            record(state, search.get());
        }
        Genome argmax = space.parse(state.note(ARGMAX));
        Genome perturbation = space.parse(state.note(PERTURBATION));
        return space.canonicalKey(argmax).equals(space.canonicalKey(perturbation)) ? List.of(argmax)
                : List.of(argmax, perturbation);
    }

    private void record(SearchState state, Outcome outcome) {
        state.putNote(ARGMAX, space.format(outcome.argmax()));
        state.putNote(PERTURBATION, space.format(outcome.perturbation()));
        state.putNote(ALPHAS, json(outcome.alphas()));
        state.putNote(WEIGHTS, json(Alphas.softmax(outcome.alphas())));
        state.putNote(LOSS_PER_EPOCH, json(outcome.lossPerEpoch()));
        state.putNote(SECONDS, Double.toString(outcome.seconds()));
        state.putNote(STEPS, Long.toString(outcome.steps()));
        LOG.info("DARTS picked {} (argmax) and {} (perturbation) in {} s", state.note(ARGMAX), state.note(PERTURBATION),
                String.format(Locale.ROOT, "%.1f", outcome.seconds()));
    }

    /** What the run's summary JSON shows of a DARTS run ({@code darts}): the picks, softmax(α), α, losses; empty before its search. */
    public static Map<String, Object> summary(SearchState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (state.note(ARGMAX) == null) {
            return out;
        }
        out.put("argmax", state.note(ARGMAX));
        out.put("perturbation", state.note(PERTURBATION));
        out.put("weights", parse(state.note(WEIGHTS)));
        out.put("alphas", parse(state.note(ALPHAS)));
        out.put("loss_per_epoch", parse(state.note(LOSS_PER_EPOCH)));
        out.put("seconds", Double.parseDouble(state.note(SECONDS)));
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write DARTS note", e);
        }
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt DARTS note: " + e.getOriginalMessage(), e);
        }
    }
}
