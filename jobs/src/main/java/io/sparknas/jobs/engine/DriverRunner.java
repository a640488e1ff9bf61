package io.sparknas.jobs.engine;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys and evaluates in the calling thread, all of a rung's candidates in one call to its evaluator,
 * in order: the many-seed benchmark's runner, where an evaluation is a table lookup. Trials carry the
 * evaluator's own metrics (the loop adds the analytic costs when it tells the strategy).
 */
public final class DriverRunner implements EvaluationRunner {
    private final SearchSpace space;
    private final SuccessiveHalving halving;
    private final String runId;

    public DriverRunner(SearchSpace space, SuccessiveHalving halving, String runId) {
        this.space = space;
        this.halving = halving;
        this.runId = runId;
    }

    @Override
    public List<Candidate> key(List<Genome> asked) {
        return asked.stream().map(genome -> Candidate.of(space, genome)).toList();
    }

    @Override
    public List<Trial> evaluate(List<Candidate> candidates, int rung, int generation) {
        var evaluator = halving.rungs().get(rung);
        List<Trial> trials = new ArrayList<>(candidates.size());
        for (EvaluationResult result : evaluator.evaluate(candidates)) {
            trials.add(Trial.of(result, result.metrics(), evaluator, runId, generation, "driver", null));
        }
        return trials;
    }
}
