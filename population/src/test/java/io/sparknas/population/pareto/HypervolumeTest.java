package io.sparknas.population.pareto;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sparknas.population.pareto.NonDominatedSortTest.individual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HypervolumeTest {

    @Test
    void handComputedAreas() {
        double[] origin = {0, 0};
        assertEquals(6.0, Hypervolume.of(List.of(new double[] {2, 3}), origin));
        // two 3x1 / 1x3 boxes overlapping in a unit square
        assertEquals(5.0, Hypervolume.of(List.of(new double[] {1, 3}, new double[] {3, 1}), origin));
        // a dominated point and a point on the reference's edge add nothing
        assertEquals(5.0, Hypervolume.of(List.of(new double[] {1, 3}, new double[] {3, 1}, new double[] {1, 1},
                new double[] {5, 0}), origin));
        assertEquals(0.0, Hypervolume.of(List.of(), origin));
        assertEquals(1.5, Hypervolume.of(List.of(new double[] {-1, 0.5}), new double[] {-2.5, -0.5}));
    }

    @Test
    void handComputedVolumes() {
        double[] origin = {0, 0, 0};
        assertEquals(1.0, Hypervolume.of(List.of(new double[] {1, 1, 1}), origin));
        assertEquals(3.0, Hypervolume.of(List.of(new double[] {2, 1, 1}, new double[] {1, 2, 1}), origin));
        // three 2x1x1 bars along the axes: 3*2 - 3*1 + 1 by inclusion-exclusion
        assertEquals(4.0, Hypervolume.of(List.of(new double[] {2, 1, 1}, new double[] {1, 2, 1}, new double[] {1, 1, 2}), origin));
        assertEquals(24.0, Hypervolume.of(List.of(new double[] {2, 3, 4}, new double[] {1, 1, 1}), origin));
    }

    @Test
    void matchesCountingGridCellsOnIntegerPoints() {
        Random rng = new Random(99);
        for (int trial = 0; trial < 300; trial++) {
            int dimensions = 2 + trial % 2;
            int size = 7;
            List<double[]> points = new ArrayList<>();
            int n = rng.nextInt(12);
            for (int i = 0; i < n; i++) {
                double[] p = new double[dimensions];
                for (int m = 0; m < dimensions; m++) {
                    p[m] = rng.nextInt(size + 1) - 1; // some points sit on or below the reference at -1
                }
                points.add(p);
            }
            double[] reference = new double[dimensions];
            Arrays.fill(reference, -1);
            assertEquals(countDominatedCells(points, dimensions, size), Hypervolume.of(points, reference), 1e-9,
                    "trial " + trial);
        }
    }

    /** Unit cells [c, c+1] from the reference -1 up to size - 1; a cell counts when a point dominates its upper corner. */
    private static int countDominatedCells(List<double[]> points, int dimensions, int size) {
        int cells = 0;
        int[] corner = new int[dimensions];
        int total = (int) Math.pow(size, dimensions);
        for (int index = 0; index < total; index++) {
            int rest = index;
            for (int m = 0; m < dimensions; m++) {
                corner[m] = rest % size; // upper corner: -1 + (cell + 1)
                rest /= size;
            }
            for (double[] p : points) {
                boolean covers = true;
                for (int m = 0; m < dimensions; m++) {
                    covers &= p[m] >= corner[m];
                }
                if (covers) {
                    cells++;
                    break;
                }
            }
        }
        return cells;
    }

    @Test
    void matchesMonteCarloOnContinuousPoints() {
        Random rng = new Random(3);
        for (int dimensions = 2; dimensions <= 3; dimensions++) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                double[] p = new double[dimensions];
                double norm = 0;
                for (int m = 0; m < dimensions; m++) {
                    p[m] = Math.abs(rng.nextGaussian());
                    norm += p[m] * p[m];
                }
                for (int m = 0; m < dimensions; m++) {
                    p[m] /= Math.sqrt(norm); // on the unit sphere: a concave front, every point non-dominated
                }
                points.add(p);
            }
            double[] reference = new double[dimensions];
            int samples = 400_000;
            int inside = 0;
            for (int s = 0; s < samples; s++) {
                double[] x = new double[dimensions];
                for (int m = 0; m < dimensions; m++) {
                    x[m] = rng.nextDouble();
                }
                for (double[] p : points) {
                    boolean dominated = true;
                    for (int m = 0; m < dimensions; m++) {
                        dominated &= p[m] >= x[m];
                    }
                    if (dominated) {
                        inside++;
                        break;
                    }
                }
            }
            double estimate = (double) inside / samples;
            double sigma = Math.sqrt(estimate * (1 - estimate) / samples);
            double exact = Hypervolume.of(points, reference);
            assertEquals(estimate, exact, 5 * sigma, dimensions + " objectives");
        }
    }

    @Test
    void ignoresOrderAndDuplicates() {
        Random rng = new Random(8);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(new double[] {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()});
        }
        double volume = Hypervolume.of(points, new double[] {0, 0, 0});
        List<double[]> shuffled = new ArrayList<>(points);
        shuffled.addAll(points.subList(0, 10));
        Collections.shuffle(shuffled, rng);
        assertEquals(volume, Hypervolume.of(shuffled, new double[] {0, 0, 0}), 1e-12);
    }

    @Test
    void individualsUseTheReferenceInMetricUnits() {
        List<Objective> objectives = List.of(Objective.maximize("accuracy"), Objective.minimize("latency"));
        List<Individual> front = List.of(individual("a", 80, 1, 0), individual("b", 90, 3, 0));
        // utilities (80,-1), (90,-3) against (70,-5): 10x4 + 10x2
        assertEquals(60.0, Hypervolume.of(front, objectives, Map.of("accuracy", 70.0, "latency", 5.0)), 1e-12);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Hypervolume.of(front, objectives, Map.of("accuracy", 70.0)));
        assertTrue(missing.getMessage().contains("latency"), missing.getMessage());
    }

    @Test
    void rejectsOtherDimensionsAndBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(new double[] {1}), new double[] {0}));
        IllegalArgumentException four = assertThrows(IllegalArgumentException.class,
                () -> Hypervolume.of(List.of(new double[] {1, 1, 1, 1}), new double[] {0, 0, 0, 0}));
        assertTrue(four.getMessage().contains("4"), four.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(new double[] {1, 1, 1}), new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(new double[] {Double.NaN, 1}), new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> Hypervolume.of(List.of(new double[] {1, 1}), new double[] {Double.NEGATIVE_INFINITY, 0}));
    }
}
