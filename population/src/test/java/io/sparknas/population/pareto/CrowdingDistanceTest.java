package io.sparknas.population.pareto;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sparknas.population.pareto.NonDominatedSortTest.individual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrowdingDistanceTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void frontsOfOneOrTwoPointsAreAllBoundary() {
        assertArrayEquals(new double[] {INF}, CrowdingDistance.of(new double[][] {{1, 2}}));
        assertArrayEquals(new double[] {INF, INF}, CrowdingDistance.of(new double[][] {{1, 2}, {2, 1}}));
        assertArrayEquals(new double[0], CrowdingDistance.of(new double[0][]));
    }

    @Test
    void interiorPointsSumTheirNormalisedNeighbourGaps() {
        // objective 0: range 4, objective 1: range 5 (worked by hand)
        // (1,3): (3-0)/4 + (5-1)/5 = 0.75 + 0.8;  (3,1): (4-1)/4 + (3-0)/5 = 0.75 + 0.6
        double[] distance = CrowdingDistance.of(new double[][] {{0, 5}, {1, 3}, {3, 1}, {4, 0}});
        assertEquals(INF, distance[0]);
        assertEquals(1.55, distance[1], 1e-12);
        assertEquals(1.35, distance[2], 1e-12);
        assertEquals(INF, distance[3]);
    }

    @Test
    void inputOrderDoesNotChangeDistances() {
        double[] distance = CrowdingDistance.of(new double[][] {{3, 1}, {0, 5}, {4, 0}, {1, 3}});
        assertArrayEquals(new double[] {1.35, INF, INF, 1.55}, distance, 1e-12);
    }

    @Test
    void anObjectiveOnWhichTheFrontIsFlatAddsNothing() {
        assertArrayEquals(new double[] {INF, 1.0, INF}, CrowdingDistance.of(new double[][] {{0, 1}, {1, 1}, {2, 1}}), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, CrowdingDistance.of(new double[][] {{7, 7}, {7, 7}, {7, 7}}));
    }

    @Test
    void duplicatesShareTheirPlaceAndTiesBreakByIndex() {
        // two copies of (1,1) between (0,2) and (2,0): on each objective one copy has an outer neighbour and its twin
        double[] distance = CrowdingDistance.of(new double[][] {{0, 2}, {1, 1}, {1, 1}, {2, 0}});
        assertEquals(INF, distance[0]);
        assertEquals(INF, distance[3]);
        assertEquals(0.5 + 0.5, distance[1], 1e-12);
        assertEquals(0.5 + 0.5, distance[2], 1e-12);
    }

    @Test
    void rankingGivesFrontsAndCrowdingInInputOrder() {
        List<Objective> objectives = List.of(Objective.maximize("accuracy"), Objective.minimize("latency"));
        List<Individual> population = List.of(
                individual("a", 80, 1, 0), individual("dominated", 70, 5, 0), individual("b", 85, 2, 0),
                individual("c", 90, 4, 0));
        List<ParetoRanking.Ranked> ranked = ParetoRanking.rank(population, objectives, List.of());
        assertEquals(List.of(0, 1, 0, 0), ranked.stream().map(ParetoRanking.Ranked::rank).toList());
        assertEquals(INF, ranked.get(0).crowding());
        assertEquals(INF, ranked.get(1).crowding(), "alone on its front");
        // b: accuracy gap (90-80)/10 = 1, latency gap (4-1)/3 = 1
        assertEquals(2.0, ranked.get(2).crowding(), 1e-12);
        assertTrue(ranked.get(2).isPareto());
        assertTrue(ParetoRanking.BETTER_FIRST.compare(ranked.get(0), ranked.get(2)) < 0, "equal rank: more room first");
        assertTrue(ParetoRanking.BETTER_FIRST.compare(ranked.get(2), ranked.get(1)) < 0, "lower rank first");
    }
}
