package io.sparknas.population.prior;

import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Any strategy, started where earlier tasks left off ({@link TransferPrior}):
 * <ol>
 *   <li><b>Warm start.</b> The run's first {@code warmStart} evaluations are the architectures the
 *       prior ranks best (the sources' best, weighted), unless the run's own values have already
 *       shown that no source ranks them.</li>
 *   <li><b>Filter.</b> Afterwards the inner strategy proposes {@code proposals} genomes per slot. With
 *       probability {@link TransferPrior#trust} a slot takes the unevaluated proposal the prior scores
 *       best, otherwise the inner strategy's own next proposal. Trust is the best source's rank
 *       agreement with the run's observations, so a source that does not predict the target fades
 *       out and the run becomes the inner strategy again.</li>
 * </ol>
 * Everything is a function of the state (history, seed): a resumed run asks what the uninterrupted one did.
 */
public final class WithPrior implements SearchStrategy {
    private final SearchStrategy inner;
    private final SearchSpace space;
    private final Objective objective;
    private final TransferPrior prior;
    private final Settings settings;

    /**
     * @param warmStart evaluations asked from the prior's best before the inner strategy's own
     * @param proposals inner proposals per asked genome that the prior chooses among (1: warm start only)
     */
    public record Settings(int warmStart, int proposals) {
        public Settings {
            if (warmStart < 0) {
                throw new IllegalArgumentException("prior warm-start must be >= 0, got " + warmStart);
            }
            if (proposals < 1) {
                throw new IllegalArgumentException("prior proposals must be >= 1, got " + proposals);
            }
        }
    }

    public WithPrior(SearchStrategy inner, SearchSpace space, Objective objective, TransferPrior prior, Settings settings) {
        this.inner = inner;
        this.space = space;
        this.objective = objective;
        this.prior = prior;
        this.settings = settings;
    }

    /** The inner strategy's name: the prior is recorded on its own, not as another strategy. */
    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public SearchState start(long seed) {
        return inner.start(seed);
    }

    public SearchStrategy inner() {
        return inner;
    }

    /** The strategy under a prior, or the strategy itself. */
    public static SearchStrategy unwrap(SearchStrategy strategy) {
        return strategy instanceof WithPrior withPrior ? withPrior.inner() : strategy;
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Individual> history = state.getHistory();
        Set<String> taken = new HashSet<>();
        history.forEach(i -> taken.add(i.canonicalKey()));
        double[] weights = prior.weights(history, objective);
        double trust = TransferPrior.trust(weights);
        List<Genome> asked = new ArrayList<>(n);
        int warm = Math.min(n, settings.warmStart() - history.size());
        if (warm > 0 && trust > 0) { // a source already shown not to rank the target ends the warm start too
            for (Genome genome : prior.best(warm, taken, weights)) {
                asked.add(genome);
                taken.add(space.canonicalKey(genome));
            }
        }
        int rest = n - asked.size();
        if (rest == 0) {
            return asked;
        }
        if (trust <= 0 || settings.proposals() == 1) {
            asked.addAll(inner.ask(state, rest));
            return asked;
        }
        List<Genome> proposed = inner.ask(state, rest * settings.proposals());
        double[] scores = prior.scores(proposed, weights);
        boolean[] used = new boolean[proposed.size()];
        // the draws come from the state's seed and size, not the run's stream: ask stays a function of the state
        Random draws = new Random(CheckpointableRandom.mix(state.getSeed() * 37 + history.size() + 1));
        int next = 0;
        for (int slot = 0; slot < rest; slot++) {
            int pick = -1;
            if (draws.nextDouble() < trust) {
                for (int i = 0; i < proposed.size(); i++) {
                    if (!used[i] && !taken.contains(space.canonicalKey(proposed.get(i)))
                            && (pick < 0 || scores[i] > scores[pick])) {
                        pick = i;
                    }
                }
            }
            if (pick < 0) {
                while (next < used.length && used[next]) {
                    next++;
                }
                if (next == used.length) {
                    break;
                }
                pick = next;
            }
            used[pick] = true;
            asked.add(proposed.get(pick));
            taken.add(space.canonicalKey(proposed.get(pick)));
        }
        return asked;
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        Map<String, Individual> history = new LinkedHashMap<>();
        state.getHistory().forEach(i -> history.putIfAbsent(i.canonicalKey(), i));
        evaluated.forEach(i -> history.putIfAbsent(i.canonicalKey(), i));
        state.setHistory(new ArrayList<>(history.values()));
        inner.tell(state, evaluated);
    }
}
