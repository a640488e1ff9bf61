package io.sparknas.evaluation;

import java.io.Serializable;
import java.util.Map;

/**
 * The outcome of evaluating one candidate. A failure is a row like any other, with status FAILED
 * and a reason, so one bad candidate never kills a job.
 */
public record EvaluationResult(Candidate candidate, Status status, String reason, Map<String, Double> metrics,
                               long seed, double wallTimeS) implements Serializable {

    public enum Status { OK, FAILED }

    public EvaluationResult {
        metrics = Map.copyOf(metrics);
    }

    public static EvaluationResult ok(Candidate candidate, Map<String, Double> metrics, long seed, double wallTimeS) {
        return new EvaluationResult(candidate, Status.OK, null, metrics, seed, wallTimeS);
    }

    public static EvaluationResult failed(Candidate candidate, String reason, long seed, double wallTimeS) {
        return new EvaluationResult(candidate, Status.FAILED, reason, Map.of(), seed, wallTimeS);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
