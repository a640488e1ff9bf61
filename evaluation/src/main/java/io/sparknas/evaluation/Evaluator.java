package io.sparknas.evaluation;

import java.io.Serializable;
import java.util.List;

/**
 * Scores candidates in batches: one result per candidate, in the same order. Implementations are
 * serialisable because they run inside Spark tasks on executors.
 */
public interface Evaluator extends Serializable {

    /** Stored in the {@code evaluator} column, e.g. {@code tabular}. */
    String name();

    /** Stored in the {@code fidelity} column: what budget the evaluation stands for, e.g. {@code 200ep}. */
    String fidelity();

    /**
     * Stored in the {@code evaluator_config} column: a {@link ConfigDigest} of everything besides the
     * name and the fidelity that decides the results (benchmark data, dataset, network skeleton,
     * recipe). The cross-run cache serves a row only to an evaluator with the same digest, so a run on
     * other data is never handed another run's numbers.
     */
    String configDigest();

    List<EvaluationResult> evaluate(List<Candidate> batch);

    /**
     * How many CPU threads the calling thread's evaluations may use (a Spark task passes the CPUs
     * the scheduler reserved for it). Evaluators without native parallel code ignore it.
     */
    default void useThreads(int threads) {
    }

    /**
     * Whether an evaluation is a lookup in data the evaluator holds (microseconds, no training): the
     * search then evaluates on the driver rather than pay a Spark job per rung for it.
     */
    default boolean isLookup() {
        return false;
    }

    /**
     * How many candidates one Spark task may take: 1 (the default) gives each candidate its own task, so the
     * scheduler balances uneven training times; an evaluator whose evaluations are short and even (a forward
     * pass) takes up to this many per task, so a generation of thousands pays a task's overhead per share of
     * them, not per candidate. The search still uses every core: never fewer tasks than cores.
     */
    default int candidatesPerTask() {
        return 1;
    }
}
