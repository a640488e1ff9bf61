package io.sparknas.jobs.engine;

import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;

import java.sql.Timestamp;
import java.util.Map;

/**
 * One evaluation of one candidate at one evaluator and fidelity: a row of the {@code evaluations}
 * table, typed. What the search loop reads of a result, whether it was evaluated now or found in a
 * store.
 *
 * @param runId      the run that evaluated it (another run's, for a result served from the cross-run cache)
 * @param generation the generation of that run that evaluated it
 * @param metrics    what the evaluator measured, plus the analytic costs a runner stored with it
 */
public record Trial(String canonicalKey, String evaluator, String fidelity, long seed, String runId, Integer generation,
                    String arch, Map<String, Double> metrics, EvaluationResult.Status status, String reason,
                    Double wallTimeS, String executor, Timestamp evaluatedAt, String evaluatorConfig) {

    /**
     * An evaluator's result as a trial of this run and generation.
     *
     * @param metrics the result's metrics, with any analytic costs the runner stores with them
     */
    public static Trial of(EvaluationResult result, Map<String, Double> metrics, Evaluator evaluator, String runId,
                           int generation, String executor, Timestamp evaluatedAt) {
        return new Trial(result.candidate().canonicalKey(), evaluator.name(), evaluator.fidelity(), result.seed(), runId,
                generation, result.candidate().arch(), metrics, result.status(), result.reason(), result.wallTimeS(),
                executor, evaluatedAt, evaluator.configDigest());
    }

    public boolean isOk() {
        return status == EvaluationResult.Status.OK;
    }

    /** Written by this very run and generation before the run was interrupted (a resumed generation meets it). */
    public boolean writtenBy(String run, int generationNumber) {
        return run.equals(runId) && generation != null && generation == generationNumber;
    }
}
