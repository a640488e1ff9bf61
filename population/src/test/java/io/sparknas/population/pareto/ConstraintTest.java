package io.sparknas.population.pareto;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstraintTest {
    private final Constraint params = Constraint.atMost("params", 1.5);

    @Test
    void isSatisfiedAtAndBelowTheBound() {
        assertTrue(params.isSatisfiedBy(Map.of("params", 1.5)));
        assertTrue(params.isSatisfiedBy(Map.of("params", -3.0)));
        assertEquals(0.0, params.violation(Map.of("params", 0.2)));
    }

    @Test
    void violationIsTheExcessOverTheBound() {
        assertFalse(params.isSatisfiedBy(Map.of("params", 2.0)));
        assertEquals(0.5, params.violation(Map.of("params", 2.0)));
    }

    @Test
    void aMissingOrNaNMetricIsInfinitelyViolated() {
        assertEquals(Double.POSITIVE_INFINITY, params.violation(Map.of("flops", 1.0)));
        Map<String, Double> nan = new HashMap<>();
        nan.put("params", Double.NaN);
        assertEquals(Double.POSITIVE_INFINITY, params.violation(nan));
    }

    @Test
    void totalViolationSumsEveryConstraint() {
        List<Constraint> both = List.of(params, Constraint.atMost("latency", 10));
        assertEquals(0.0, Constraint.totalViolation(both, Map.of("params", 1.0, "latency", 10.0)));
        assertEquals(3.5, Constraint.totalViolation(both, Map.of("params", 2.0, "latency", 13.0)));
        assertEquals(0.0, Constraint.totalViolation(List.of(), Map.of()));
    }

    @Test
    void rejectsANaNBoundNamingTheMetric() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Constraint("latency", Double.NaN));
        assertTrue(e.getMessage().contains("latency"), e.getMessage());
    }
}
