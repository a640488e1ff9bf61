package io.sparknas.evaluation;

import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailuresAsRowsTest {
    /** An evaluator that throws on cells whose first edge is a 3x3 conv, and scores the rest. */
    private static final class ThrowsOnConv3x3 implements Evaluator {
        @Override public String name() { return "flaky"; }
        @Override public String fidelity() { return "1"; }
        @Override public String configDigest() { return ""; }
        @Override public List<EvaluationResult> evaluate(List<Candidate> batch) {
            return batch.stream().map(c -> {
                if (c.genome().get(0) == 3) {
                    throw new IllegalStateException("loss is NaN");
                }
                return EvaluationResult.ok(c, Map.of("acc", (double) c.genome().get(0)), 0, 0);
            }).toList();
        }
    }

    @Test
    void onlyTheCandidateThatThrowsBecomesAFailedRow() {
        Nb201Space space = new Nb201Space();
        List<Candidate> batch = List.of(
                Candidate.of(space, Genome.of(1, 0, 0, 0, 0, 0)),
                Candidate.of(space, Genome.of(3, 0, 0, 0, 0, 0)),
                Candidate.of(space, Genome.of(2, 0, 0, 0, 0, 0)));
        List<EvaluationResult> results = FailuresAsRows.wrap(new ThrowsOnConv3x3()).evaluate(batch);
        assertEquals(3, results.size());
        assertEquals(List.of(true, false, true), results.stream().map(EvaluationResult::isOk).toList());
        assertEquals("IllegalStateException: loss is NaN", results.get(1).reason());
        assertEquals(2.0, results.get(2).metrics().get("acc"));
        assertTrue(results.get(1).metrics().isEmpty());
    }

    /**
     * The wrapper must pass on every method of {@link Evaluator}: a default it does not override answers for the
     * wrapper, not for the evaluator inside (candidatesPerTask once gave every supernet candidate its own task).
     */
    @Test
    void passesOnEveryMethodOfTheInterface() throws NoSuchMethodException {
        for (java.lang.reflect.Method method : Evaluator.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertEquals(FailuresAsRows.class, FailuresAsRows.class.getMethod(method.getName(), method.getParameterTypes())
                    .getDeclaringClass(), method.getName() + " is not passed on");
        }
    }
}
