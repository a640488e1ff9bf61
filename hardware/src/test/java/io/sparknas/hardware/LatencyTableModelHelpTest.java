package io.sparknas.hardware;

import io.sparknas.population.space.Nb201Cell;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learns each HELP desktop-GPU latency column from 100 measured cells and ranks the other 15,525,
 * against ranking them by FLOPs. Averages over 5 fixed training draws.
 */
class LatencyTableModelHelpTest {
    private static final int TRAIN = 100;
    private static final int SEEDS = 5;
    private static final double TARGET_MEAN_SPEARMAN = 0.95;

    private record Ranking(double spearman, double kendall) {
        Ranking plus(Ranking o) {
            return new Ranking(spearman + o.spearman, kendall + o.kendall);
        }

        Ranking divide(double n) {
            return new Ranking(spearman / n, kendall / n);
        }
    }

    private record ColumnResult(String column, Ranking model, Ranking perEdge, Ranking flops) {
    }

    @Test
    void learntLatencyRanksHeldOutCellsBetterThanFlopsOnEveryDevice() {
        CsvTable table = CsvTable.read(CsvTable.HELP_DESKTOP_GPU);
        List<Nb201Cell> cells = table.cells();
        assertEquals(15_625, cells.size());
        Nb201Costs costs = Nb201Costs.cifar(100); // HELP pairs these latencies with CIFAR-100
        double[] flops = cells.stream().mapToDouble(costs::flops).toArray();
        List<String> columns = table.header.stream().filter(name -> name.startsWith("lat_ms_")).toList();
        assertEquals(15, columns.size(), "latency columns in " + CsvTable.HELP_DESKTOP_GPU);

        List<ColumnResult> results = new ArrayList<>();
        for (String column : columns) {
            double[] latency = table.doubles(column);
            Ranking model = new Ranking(0, 0);
            Ranking perEdge = new Ranking(0, 0);
            Ranking byFlops = new Ranking(0, 0);
            for (int seed = 0; seed < SEEDS; seed++) {
                List<Integer> order = new ArrayList<>(IntStream.range(0, cells.size()).boxed().toList());
                Collections.shuffle(order, new Random(seed));
                List<Integer> train = order.subList(0, TRAIN);
                List<Integer> test = order.subList(TRAIN, order.size());
                List<Nb201Cell> trainCells = train.stream().map(cells::get).toList();
                double[] trainMs = train.stream().mapToDouble(i -> latency[i]).toArray();
                double[] testMs = test.stream().mapToDouble(i -> latency[i]).toArray();

                var counts = LatencyTableModel.fit(column, trainCells, trainMs);
                var edges = LatencyTableModel.fit(column, trainCells, trainMs, LatencyTableModel.DEFAULT_LAMBDA,
                        LatencyFeatures.PER_EDGE_OPS);
                model = model.plus(rank(test.stream().mapToDouble(i -> counts.predict(cells.get(i))).toArray(), testMs));
                perEdge = perEdge.plus(rank(test.stream().mapToDouble(i -> edges.predict(cells.get(i))).toArray(), testMs));
                byFlops = byFlops.plus(rank(test.stream().mapToDouble(i -> flops[i]).toArray(), testMs));
            }
            results.add(new ColumnResult(column, model.divide(SEEDS), perEdge.divide(SEEDS), byFlops.divide(SEEDS)));
        }

        print(results);
        for (ColumnResult r : results) {
            assertTrue(r.model.spearman > r.flops.spearman, r.column + ": model Spearman " + r.model.spearman
                    + " does not beat FLOPs " + r.flops.spearman);
        }
        double meanModel = results.stream().mapToDouble(r -> r.model.spearman).average().orElseThrow();
        double meanPerEdge = results.stream().mapToDouble(r -> r.perEdge.spearman).average().orElseThrow();
        assertTrue(meanModel >= TARGET_MEAN_SPEARMAN, "mean model Spearman " + meanModel);
        // The op-count model is the default because it measured better than the per-edge additive one.
        assertTrue(meanModel > meanPerEdge, "op counts " + meanModel + " vs per-edge " + meanPerEdge);
    }

    private static Ranking rank(double[] predicted, double[] measured) {
        return new Ranking(new SpearmansCorrelation().correlation(predicted, measured),
                new KendallsCorrelation().correlation(predicted, measured));
    }

    private static void print(List<ColumnResult> results) {
        System.out.printf("%nLatencyTableModel on HELP desktop GPUs: K=%d training cells, %d held out, mean of %d seeds%n",
                TRAIN, 15_625 - TRAIN, SEEDS);
        String format = "%-22s %9s %9s %11s %11s %9s %9s%n";
        System.out.printf(format, "column", "model rho", "model tau", "per-edge rho", "per-edge tau", "FLOPs rho", "FLOPs tau");
        String row = "%-22s %9.4f %9.4f %11.4f %11.4f %9.4f %9.4f%n";
        for (ColumnResult r : results) {
            System.out.printf(row, r.column, r.model.spearman, r.model.kendall, r.perEdge.spearman, r.perEdge.kendall,
                    r.flops.spearman, r.flops.kendall);
        }
        System.out.printf(row, "mean",
                results.stream().mapToDouble(r -> r.model.spearman).average().orElseThrow(),
                results.stream().mapToDouble(r -> r.model.kendall).average().orElseThrow(),
                results.stream().mapToDouble(r -> r.perEdge.spearman).average().orElseThrow(),
                results.stream().mapToDouble(r -> r.perEdge.kendall).average().orElseThrow(),
                results.stream().mapToDouble(r -> r.flops.spearman).average().orElseThrow(),
                results.stream().mapToDouble(r -> r.flops.kendall).average().orElseThrow());
    }
}
