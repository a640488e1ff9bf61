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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HELP's few-shot setting on the 15 desktop-GPU columns, leave one device out: each column in turn is
 * the new device, measured on K = 10 random cells; the other 14 columns are its prior. Ranks the other
 * 15,615 cells with the prior ({@link FewShotLatencyModel}), without it ({@link LatencyTableModel}
 * on op counts, the same 10 cells) and by FLOPs. Mean of 5 fixed draws.
 */
class FewShotLatencyModelHelpTest {
    private static final int K = 10;
    private static final int SEEDS = 5;
    /** HELP reports 0.932 on its test devices with 10 samples; the issue asks for 0.95. */
    private static final double TARGET_MEAN_SPEARMAN = 0.95;

    private record Result(String column, double prior, double priorTau, double plain, double flops) {
    }

    @Test
    void otherDevicesAsThePriorBeatTheSameTenCellsAloneOnEveryHeldOutDevice() {
        CsvTable table = CsvTable.read(CsvTable.HELP_DESKTOP_GPU);
        List<Nb201Cell> cells = table.cells();
        int n = cells.size();
        double[] flops = cells.stream().mapToDouble(Nb201Costs.cifar(100)::flops).toArray();
        List<String> columns = table.header.stream().filter(name -> name.startsWith("lat_ms_")).toList();
        assertEquals(15, columns.size());
        double[][] latency = columns.stream().map(table::doubles).toArray(double[][]::new);

        List<Result> results = new ArrayList<>();
        for (int t = 0; t < columns.size(); t++) {
            String target = columns.get(t);
            int held = t;
            int[] sources = IntStream.range(0, columns.size()).filter(s -> s != held).toArray();
            List<String> sourceNames = IntStream.of(sources).mapToObj(columns::get).toList();
            assertFalse(sourceNames.contains(target));
            double[][] priorMs = new double[n][];
            for (int i = 0; i < n; i++) {
                int cell = i;
                priorMs[i] = IntStream.of(sources).mapToDouble(s -> latency[s][cell]).toArray();
            }
            LatencyPrior prior = LatencyPrior.of(sourceNames, priorMs);
            double[] sums = new double[4];
            for (int seed = 0; seed < SEEDS; seed++) {
                List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
                Collections.shuffle(order, new Random(seed));
                int[] train = order.subList(0, K).stream().mapToInt(i -> i).toArray();
                int[] test = order.subList(K, n).stream().mapToInt(i -> i).toArray();
                double[] trainMs = IntStream.of(train).mapToDouble(i -> latency[held][i]).toArray();
                double[] testMs = IntStream.of(test).mapToDouble(i -> latency[held][i]).toArray();
                var withPrior = FewShotLatencyModel.fit(target, prior,
                        IntStream.of(train).mapToObj(i -> priorMs[i]).toArray(double[][]::new), trainMs);
                var plain = LatencyTableModel.fit(target, IntStream.of(train).mapToObj(cells::get).toList(), trainMs);
                double[] byPrior = IntStream.of(test).mapToDouble(i -> withPrior.predict(priorMs[i])).toArray();
                sums[0] += new SpearmansCorrelation().correlation(byPrior, testMs);
                sums[1] += new KendallsCorrelation().correlation(byPrior, testMs);
                sums[2] += new SpearmansCorrelation().correlation(
                        IntStream.of(test).mapToDouble(i -> plain.predict(cells.get(i))).toArray(), testMs);
                sums[3] += new SpearmansCorrelation().correlation(IntStream.of(test).mapToDouble(i -> flops[i]).toArray(), testMs);
            }
            results.add(new Result(target, sums[0] / SEEDS, sums[1] / SEEDS, sums[2] / SEEDS, sums[3] / SEEDS));
        }

        System.out.printf("%nFewShotLatencyModel, leave one device out: K=%d, %d seeds%n%-22s %9s %9s %9s %9s%n", K, SEEDS,
                "column", "prior rho", "prior tau", "plain rho", "FLOPs rho");
        results.forEach(r -> System.out.printf("%-22s %9.4f %9.4f %9.4f %9.4f%n", r.column, r.prior, r.priorTau, r.plain, r.flops));
        double meanPrior = results.stream().mapToDouble(Result::prior).average().orElseThrow();
        double meanPlain = results.stream().mapToDouble(Result::plain).average().orElseThrow();
        System.out.printf("%-22s %9.4f %9.4f %9.4f %9.4f%n", "mean", meanPrior,
                results.stream().mapToDouble(Result::priorTau).average().orElseThrow(), meanPlain,
                results.stream().mapToDouble(Result::flops).average().orElseThrow());

        for (Result r : results) {
            assertTrue(r.prior > r.plain && r.prior > r.flops, r.toString());
        }
        assertTrue(meanPrior >= TARGET_MEAN_SPEARMAN, "mean with prior " + meanPrior);
        assertTrue(meanPrior > meanPlain + 0.01, "with prior " + meanPrior + " vs without " + meanPlain);
    }
}
