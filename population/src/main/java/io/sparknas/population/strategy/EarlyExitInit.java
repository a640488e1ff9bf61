package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * EEEA-Net's Early-Exit Population Initialisation (EE-PI) around any strategy: while the initial
 * population is being filled, a genome with more parameters than {@code maxParams} is never handed
 * out; it is replaced by fresh samples from the space until one fits. Training is the expensive part
 * of NAS, so over-sized cells are turned away before anyone evaluates them.
 *
 * <p>"While the initial population is being filled" means: for the first {@code populationSize}
 * genomes this wrapper hands out, counted across asks in the state's counter {@value #ADMITTED}. A
 * count rather than "generation 0" keeps the rule the same whatever batch size the loop asks for.
 * After that the wrapped strategy's genomes pass through untouched.
 *
 * <p>Every rejected genome (the wrapped strategy's and every rejected resample) adds one to the
 * counter {@value #REJECTED}. A genome whose params are NaN is rejected too. One slot gives up with
 * {@link IllegalStateException} after {@code maxResamples} rejected resamples, which means the
 * threshold is (nearly) unreachable in this space.
 *
 * <p>The name is {@code ee-pi(<wrapped name>)}, e.g. {@code ee-pi(nsga2)}; the registry name of the
 * wrapper itself is {@value #NAME}. Params come from a function so the population module needs no
 * cost model: the caller passes e.g. the hardware module's analytic parameter count.
 */
public final class EarlyExitInit implements SearchStrategy {
    public static final String NAME = "ee-pi";
    public static final String REJECTED = "ee_pi_rejected";
    public static final String ADMITTED = "ee_pi_admitted";
    public static final int DEFAULT_MAX_RESAMPLES = 10_000;

    private final SearchStrategy inner;
    private final SearchSpace space;
    private final ToDoubleFunction<Genome> params;
    private final double maxParams;
    private final int populationSize;
    private final int maxResamples;

    public EarlyExitInit(SearchStrategy inner, SearchSpace space, ToDoubleFunction<Genome> params, double maxParams,
                         int populationSize) {
        this(inner, space, params, maxParams, populationSize, DEFAULT_MAX_RESAMPLES);
    }

    public EarlyExitInit(SearchStrategy inner, SearchSpace space, ToDoubleFunction<Genome> params, double maxParams,
                         int populationSize, int maxResamples) {
        this.inner = Objects.requireNonNull(inner, "inner strategy");
        this.space = Objects.requireNonNull(space, "space");
        this.params = Objects.requireNonNull(params, "params function");
        if (Double.isNaN(maxParams)) {
            throw new IllegalArgumentException("ee-pi max params must be a number, got NaN");
        }
        if (populationSize < 1) {
            throw new IllegalArgumentException("ee-pi population must be >= 1, got " + populationSize);
        }
        if (maxResamples < 1) {
            throw new IllegalArgumentException("ee-pi max resamples must be >= 1, got " + maxResamples);
        }
        this.maxParams = maxParams;
        this.populationSize = populationSize;
        this.maxResamples = maxResamples;
    }

    @Override
    public String name() {
        return NAME + "(" + inner.name() + ")";
    }

    public SearchStrategy inner() {
        return inner;
    }

    /** How many genomes were turned away so far in this run. */
    public static long rejected(SearchState state) {
        return state.counter(REJECTED);
    }

    @Override
    public List<Genome> ask(SearchState state, int n) {
        List<Genome> proposed = inner.ask(state, n);
        List<Genome> handedOut = new ArrayList<>(proposed.size());
        for (Genome genome : proposed) {
            if (state.counter(ADMITTED) < populationSize) {
                genome = admit(genome, state);
                state.increment(ADMITTED, 1);
            }
            handedOut.add(genome);
        }
        return handedOut;
    }

    private Genome admit(Genome genome, SearchState state) {
        int resamples = 0;
        while (!fits(genome)) {
            state.increment(REJECTED, 1);
            if (resamples == maxResamples) {
                throw new IllegalStateException("ee-pi: " + maxResamples + " resamples in a row had more than "
                        + maxParams + " params; the threshold is (nearly) unreachable in space " + space.name());
            }
            genome = space.sample(state.random());
            resamples++;
        }
        return genome;
    }

    private boolean fits(Genome genome) {
        return params.applyAsDouble(genome) <= maxParams; // false for NaN as well
    }

    @Override
    public void tell(SearchState state, List<Individual> evaluated) {
        inner.tell(state, evaluated);
    }
}
