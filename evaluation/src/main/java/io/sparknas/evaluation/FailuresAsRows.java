package io.sparknas.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps an evaluator so that an exception becomes a FAILED row for the candidate that caused it:
 * when a batch throws, its candidates are evaluated one by one to find the culprit.
 */
public final class FailuresAsRows implements Evaluator {
    private static final long serialVersionUID = 1L;
    private final Evaluator inner;

    private FailuresAsRows(Evaluator inner) {
        this.inner = inner;
    }

    public static Evaluator wrap(Evaluator evaluator) {
        return evaluator instanceof FailuresAsRows ? evaluator : new FailuresAsRows(evaluator);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String fidelity() {
        return inner.fidelity();
    }

    @Override
    public String configDigest() {
        return inner.configDigest();
    }

    @Override
    public void useThreads(int threads) {
        inner.useThreads(threads);
    }

    @Override
    public boolean isLookup() {
        return inner.isLookup();
    }

    @Override
    public int candidatesPerTask() {
        return inner.candidatesPerTask();
    }

    /** The wrapped evaluator. */
    public Evaluator inner() {
        return inner;
    }

    @Override
    public List<EvaluationResult> evaluate(List<Candidate> batch) {
        try {
            return inner.evaluate(batch);
        } catch (RuntimeException | OutOfMemoryError batchFailure) {
            List<EvaluationResult> results = new ArrayList<>(batch.size());
            for (Candidate candidate : batch) {
                long start = System.nanoTime();
                try {
                    results.addAll(inner.evaluate(List.of(candidate)));
                } catch (RuntimeException | OutOfMemoryError e) {
                    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                    results.add(EvaluationResult.failed(candidate, reason, -1, (System.nanoTime() - start) / 1e9));
                }
            }
            return results;
        }
    }
}
