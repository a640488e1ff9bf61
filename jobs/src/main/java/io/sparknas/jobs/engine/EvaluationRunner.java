package io.sparknas.jobs.engine;

import io.sparknas.evaluation.Candidate;
import io.sparknas.population.Genome;

import java.util.List;

/** Where a generation's candidates are keyed and evaluated: in the calling thread, or as a Spark job. */
public interface EvaluationRunner {

    /** The asked genomes as candidates (string form and canonical key), in ask order, duplicates kept. */
    List<Candidate> key(List<Genome> asked);

    /**
     * Evaluates {@code candidates} (distinct canonical keys) at the given rung of the evaluator's
     * successive halving (rung 0 without it): one trial per candidate, failures included, in the order
     * given.
     */
    List<Trial> evaluate(List<Candidate> candidates, int rung, int generation);
}
