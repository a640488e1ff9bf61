package io.sparknas.evaluation.tabular;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularEvaluatorTest {
    private static final Nb201Space SPACE = new Nb201Space();

    private static Candidate candidate(int... ops) {
        return Candidate.of(SPACE, Genome.of(ops));
    }

    /** Every cell of the form |a~0|+|b~0|c~1|+|none..| gets three seeds with values 10a+b+seed/1000. */
    private static TabularData threeSeedData() {
        TabularData.Builder builder = TabularData.builder("val", "test");
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                String arch = candidate(a, b, 1, 0, 0, 0).arch();
                for (long seed : new long[] {777, 888, 999}) {
                    builder.add(arch, seed, 10 * a + b + seed / 1000.0, 50 + a);
                }
            }
        }
        return builder.build();
    }

    @Test
    void returnsTheDrawnSeedsObjectiveAndTheMeanReport() {
        TabularEvaluator evaluator = new TabularEvaluator(threeSeedData(), "200ep", 1);
        EvaluationResult result = evaluator.evaluate(List.of(candidate(3, 2, 1, 0, 0, 0))).get(0);
        assertTrue(result.isOk());
        assertEquals(32 + result.seed() / 1000.0, result.metrics().get("val"), 1e-12);
        assertEquals(53.0, result.metrics().get("test"));
        assertTrue(List.of(777L, 888L, 999L).contains(result.seed()));
        assertEquals(1, evaluator.queries());
    }

    @Test
    void drawsAreDeterministicPerSeedAndSpreadOverTheSeeds() {
        TabularData data = threeSeedData();
        List<Candidate> all = IntStream.range(0, 25).mapToObj(i -> candidate(i / 5, i % 5, 1, 0, 0, 0)).toList();
        Map<Long, Integer> seedCounts = new HashMap<>();
        for (long drawSeed = 0; drawSeed < 40; drawSeed++) {
            List<EvaluationResult> first = new TabularEvaluator(data, "200ep", drawSeed).evaluate(all);
            List<EvaluationResult> again = new TabularEvaluator(data, "200ep", drawSeed).evaluate(all);
            assertEquals(first, again);
            first.forEach(r -> seedCounts.merge(r.seed(), 1, Integer::sum));
        }
        assertEquals(3, seedCounts.size());
        seedCounts.values().forEach(count -> assertEquals(1000.0 / 3, count, 60));
    }

    @Test
    void anArchitectureMissingFromTheTablesIsAFailedRowNotAnException() {
        TabularEvaluator evaluator = new TabularEvaluator(threeSeedData(), "200ep", 1);
        List<EvaluationResult> results = evaluator.evaluate(List.of(candidate(3, 3, 3, 3, 3, 3), candidate(1, 1, 1, 0, 0, 0)));
        assertEquals(2, results.size());
        assertFalse(results.get(0).isOk());
        assertEquals("architecture not in the benchmark tables", results.get(0).reason());
        assertTrue(results.get(1).isOk());
    }

    @Test
    void rejectsDuplicateRowsAndNonFiniteValuesNamingTheArchitecture() {
        String arch = candidate(1, 1, 1, 1, 1, 1).arch();
        var duplicate = assertThrows(IllegalArgumentException.class,
                () -> TabularData.builder("v", "t").add(arch, TabularData.NO_SEED, 1, 1).add(arch, TabularData.NO_SEED, 2, 1));
        assertTrue(duplicate.getMessage().contains(arch), duplicate.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> TabularData.builder("v", "t").add(arch, 777, Double.NaN, 1));
        assertTrue(nan.getMessage().contains("column v is NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TabularData.builder("v", "t").build());
    }

    @Test
    void summarisesTheTable() {
        TabularData data = threeSeedData();
        assertEquals(25, data.size());
        assertEquals(54.0, data.bestReport());
        assertEquals(52.0, data.meanReport(), 1e-12);
    }
}
