package io.sparknas.population;

import io.sparknas.population.proposal.Breeder;

import java.util.List;
import java.util.Optional;

/**
 * Proposes genomes and learns from their evaluation (ask/tell). Strategies hold only their
 * settings; everything that changes during a run lives in the {@link SearchState}, so the same
 * seed gives the same run and a committed state resumes it exactly.
 */
public interface SearchStrategy {

    /** The registry name, e.g. {@code random}, {@code regularized-evolution}. */
    String name();

    default SearchState start(long seed) {
        return SearchState.start(name(), seed);
    }

    /** Up to {@code n} genomes to evaluate next; may repeat genomes seen before. */
    List<Genome> ask(SearchState state, int n);

    /**
     * Takes the evaluated individuals of the last ask (in ask order) and advances the state by
     * one generation. Individuals whose evaluation failed are simply left out.
     */
    void tell(SearchState state, List<Individual> evaluated);

    /**
     * The state's parents frozen into a {@link Breeder} that makes children one by one as {@code ask}
     * would, for proposals generated in bulk on executors; empty for a strategy whose children are not
     * independent draws from its state. Leaves the state unchanged.
     */
    default Optional<Breeder> breeder(SearchState state) {
        return Optional.empty();
    }
}
