package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.strategy.MapElites.Descriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapElitesTest extends StrategyContract {
    /** Toy params 0..54 in bins of 9, live edges 0..6 one bin each: 42 cells. */
    private static final List<Descriptor> GRID = List.of(new Descriptor(PARAMS, 0, 54, 6), new Descriptor("edges", 0, 7, 7));

    private static MapElites mapElites() {
        return new MapElites(SPACE, SCORE, GRID, 10);
    }

    @Override
    protected SearchStrategy strategy() {
        return new MapElites(SPACE, SCORE, GRID, 10, 0.3);
    }

    @Test
    void binsClampToTheEdgesAndSkipMissingValues() {
        Descriptor latency = new Descriptor("latency", 1.0, 3.0, 4); // bins of 0.5
        assertEquals(0, latency.bin(Map.of("latency", 1.0)));
        assertEquals(1, latency.bin(Map.of("latency", 1.5)));
        assertEquals(3, latency.bin(Map.of("latency", 2.99)));
        assertEquals(3, latency.bin(Map.of("latency", 3.0)), "the maximum belongs to the last bin");
        assertEquals(0, latency.bin(Map.of("latency", -7.0)));
        assertEquals(3, latency.bin(Map.of("latency", 100.0)));
        assertEquals(3, latency.bin(Map.of("latency", Double.POSITIVE_INFINITY)));
        assertEquals(-1, latency.bin(Map.of("params", 1.0)));
        Map<String, Double> nan = new HashMap<>();
        nan.put("latency", Double.NaN);
        assertEquals(-1, latency.bin(nan));
    }

    @Test
    void cellsAreRowMajorOverTheDescriptors() {
        MapElites elites = mapElites();
        assertEquals(42, elites.totalCells());
        assertEquals(0, elites.cellOf(Map.of(PARAMS, 0.0, "edges", 0.0)));
        assertEquals(2 * 7 + 5, elites.cellOf(Map.of(PARAMS, 18.0, "edges", 5.0)));
        assertEquals(41, elites.cellOf(Map.of(PARAMS, 54.0, "edges", 6.0)));
        assertEquals(-1, elites.cellOf(Map.of(PARAMS, 54.0)));
    }

    @Test
    void coverageGrowsAndEveryEliteIsTheBestSeenInItsCell() {
        MapElites elites = mapElites();
        SearchState state = elites.start(17);
        Map<Integer, Double> bestSeen = new HashMap<>();
        List<Double> coverage = new ArrayList<>();
        for (int g = 0; g < 40; g++) {
            int generation = state.getGeneration();
            List<Individual> evaluated = elites.ask(state, 8).stream().map(x -> evaluate(x, generation)).toList();
            elites.tell(state, evaluated);
            evaluated.forEach(i -> bestSeen.merge(elites.cellOf(i.metrics()), i.metrics().get("score"), Math::max));
            coverage.add(elites.coverage(state));

            Map<Integer, Individual> archive = elites.archive(state);
            assertEquals(bestSeen.keySet(), archive.keySet(), "every cell seen has an elite, no other has");
            archive.forEach((cell, elite) -> assertEquals(bestSeen.get(cell), elite.metrics().get("score"), "cell " + cell));
        }
        for (int g = 1; g < coverage.size(); g++) {
            assertTrue(coverage.get(g) >= coverage.get(g - 1), "coverage never shrinks: " + coverage);
        }
        assertTrue(coverage.get(coverage.size() - 1) > 2 * coverage.get(0), "coverage grows: " + coverage);
        double qd = bestSeen.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(qd, elites.qdScore(state), 1e-9);
        assertEquals(qd + bestSeen.size(), elites.qdScore(state, -1.0), 1e-9);
    }

    @Test
    void afterTheInitialSamplesChildrenAreOneMutationFromAnElite() {
        MapElites elites = mapElites();
        SearchState state = elites.start(2);
        run(elites, state, 2, 5); // the 10 initial samples
        Set<Genome> archive = new HashSet<>();
        state.getPopulation().forEach(i -> archive.add(i.genome()));
        for (Genome child : elites.ask(state, 50)) {
            assertTrue(archive.stream().anyMatch(elite -> differingGenes(elite, child) == 1), child + " is no mutant of an elite");
        }
    }

    private static int differingGenes(Genome a, Genome b) {
        int differing = 0;
        for (int gene = 0; gene < a.length(); gene++) {
            differing += a.get(gene) != b.get(gene) ? 1 : 0;
        }
        return differing;
    }

    @Test
    void handCountedArchiveCoverageAndQdScore() {
        MapElites elites = new MapElites(SPACE, SCORE, List.of(new Descriptor("edges", 0, 6, 3)), 1);
        SearchState state = elites.start(1);
        elites.tell(state, List.of(
                individual(0, 1.0, 2.0), individual(1, 1.0, 5.0), // both in bin 0: 5 wins
                individual(2, 1.5, 5.0),                          // bin 0, only equal: the first keeps it
                individual(3, 5.0, 3.0),                          // bin 2
                individual(4, Double.NaN, 9.0)));                 // no cell, though the best score
        assertEquals(2.0 / 3.0, elites.coverage(state), 1e-12);
        assertEquals(8.0, elites.qdScore(state));
        assertEquals(Genome.of(1), elites.archive(state).get(0).genome());
        assertEquals(9.0, state.getBest().metrics().get("score"));
        assertEquals(5, state.counter(MapElites.TOLD));
    }

    private static Individual individual(int id, double edges, double score) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("edges", edges);
        metrics.put("score", score);
        return new Individual(Genome.of(id), "a" + id, "k" + id, metrics, 0);
    }

    @Test
    void rejectsImpossibleSettingsNamingThem() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new MapElites(SPACE, SCORE, List.of(), 10));
        assertTrue(none.getMessage().contains("descriptors"));
        assertThrows(IllegalArgumentException.class, () -> new MapElites(SPACE, SCORE, List.of(GRID.get(0), GRID.get(1), GRID.get(0)), 10));
        IllegalArgumentException samples = assertThrows(IllegalArgumentException.class, () -> new MapElites(SPACE, SCORE, GRID, 0));
        assertTrue(samples.getMessage().contains("initial samples"));
        assertThrows(IllegalArgumentException.class, () -> new MapElites(SPACE, SCORE, GRID, 5, -0.1));
        IllegalArgumentException bins = assertThrows(IllegalArgumentException.class, () -> new Descriptor("latency", 0, 1, 0));
        assertTrue(bins.getMessage().contains("latency") && bins.getMessage().contains("bins"));
        assertThrows(IllegalArgumentException.class, () -> new Descriptor("latency", 2, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new Descriptor("latency", 0, Double.POSITIVE_INFINITY, 4));
    }
}
