package io.sparknas.evaluation;

import io.sparknas.population.Objective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Successive halving over increasing fidelities (e.g. 1, 3, 9 training epochs): every candidate is
 * evaluated at the first rung, the best {@code floor(n / eta)} (at least one) of those that
 * succeeded go on to the next rung, and so on. Each rung is its own evaluator, so each stores its
 * own row (fidelity {@code 1ep}, {@code 3ep}, …). Where a rung runs (in place, or as a Spark job
 * with a result cache) is the caller's {@link RungRunner}; this class only decides who is promoted.
 */
public final class SuccessiveHalving {
    private final List<Evaluator> rungs;
    private final double eta;
    private final Objective objective;

    /** Evaluates one rung's candidates: one result per candidate, any order. */
    @FunctionalInterface
    public interface RungRunner {
        List<EvaluationResult> run(int rung, Evaluator evaluator, List<Candidate> candidates);
    }

    /**
     * @param rungs     evaluators of increasing fidelity
     * @param eta       the reduction factor, > 1
     * @param objective what "best" means (the search's primary objective)
     */
    public SuccessiveHalving(List<Evaluator> rungs, double eta, Objective objective) {
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("successive halving needs at least one rung");
        }
        if (!(eta > 1) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("successive-halving eta must be a finite number > 1, got " + eta);
        }
        this.rungs = List.copyOf(rungs);
        this.eta = eta;
        this.objective = Objects.requireNonNull(objective, "objective");
    }

    public List<Evaluator> rungs() {
        return rungs;
    }

    /** How many of {@code n} candidates of a rung are promoted: {@code floor(n / eta)}, at least 1 (0 of 0). */
    public static int promoted(int n, double eta) {
        return n == 0 ? 0 : Math.max(1, (int) Math.floor(n / eta));
    }

    /** Runs all rungs; the results of rung r are element r (fewer elements when nobody is left to promote). */
    public List<List<EvaluationResult>> run(List<Candidate> candidates, RungRunner runner) {
        List<List<EvaluationResult>> perRung = new ArrayList<>();
        List<Candidate> current = List.copyOf(candidates);
        for (int rung = 0; rung < rungs.size() && !current.isEmpty(); rung++) {
            List<EvaluationResult> results = runner.run(rung, rungs.get(rung), current);
            perRung.add(results);
            current = best(results, promoted(current.size(), eta));
        }
        return perRung;
    }

    /**
     * The {@code count} best successful results' candidates by the objective; ties go to the smaller
     * canonical key so that promotion does not depend on the order results arrive in.
     */
    public List<Candidate> best(List<EvaluationResult> results, int count) {
        Comparator<EvaluationResult> byUtility = Comparator.comparingDouble(r -> -objective.utility(r.metrics()));
        return results.stream().filter(EvaluationResult::isOk)
                .filter(r -> Double.isFinite(objective.utility(r.metrics())))
                .sorted(byUtility.thenComparing(r -> r.candidate().canonicalKey()))
                .limit(count).map(EvaluationResult::candidate).toList();
    }
}
