package io.sparknas.hardware;

import io.sparknas.population.space.Nb201Cell;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analytic counts must reproduce the reference params/FLOPs of every NB201 cell, CIFAR-10 and CIFAR-100. */
class Nb201CostsGroundTruthTest {
    private static final double TOLERANCE_M = 1e-6;

    @Test
    void paramsAndFlopsEqualTheReferenceForAllCells() {
        CsvTable table = CsvTable.read(CsvTable.ARCH_COSTS);
        List<Nb201Cell> cells = table.cells();
        assertEquals(15_625, cells.size(), "rows in " + CsvTable.ARCH_COSTS);

        List<String> mismatches = new ArrayList<>();
        for (int classes : new int[] {10, 100}) {
            Nb201Costs costs = Nb201Costs.cifar(classes);
            String dataset = "cifar" + classes;
            double[] params = table.doubles(dataset + "_params_m");
            double[] flops = table.doubles(dataset + "_flops_m");
            for (int i = 0; i < cells.size(); i++) {
                check(mismatches, dataset + " params", cells.get(i), costs.params(cells.get(i)) / 1e6, params[i]);
                check(mismatches, dataset + " flops", cells.get(i), costs.flops(cells.get(i)) / 1e6, flops[i]);
            }
        }
        System.out.printf("Nb201Costs vs %s: %d mismatches in %d comparisons%n",
                CsvTable.ARCH_COSTS, mismatches.size(), 4 * cells.size());
        assertEquals(0, mismatches.size(), () -> "first mismatches: " + mismatches.subList(0, Math.min(5, mismatches.size())));
    }

    private static void check(List<String> mismatches, String what, Nb201Cell cell, double actual, double expected) {
        if (!(Math.abs(actual - expected) <= TOLERANCE_M)) {
            mismatches.add(what + " of " + cell + ": computed " + actual + " M, reference " + expected + " M");
        }
    }
}
