package io.sparknas.predictor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.testing.Nb201Truth;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorBenchTest {

    @Test
    void moreTrainingCellsRankBetter() throws Exception {
        var bench = new PredictorBench(Map.of("xgboost", Nb201Predictors.xgboost()), List.of(25, 200), 2);
        List<PredictorBench.Result> results = bench.run(Nb201Truth.meanValidationAccuracy());
        assertEquals(2, results.size());
        assertEquals(25, results.get(0).trainSize());
        assertTrue(results.get(1).kendallTauMean() > results.get(0).kendallTauMean() + 0.05, results.toString());
        assertTrue(results.get(1).spearmanMean() > results.get(1).kendallTauMean(), "rho exceeds tau on this data");

        String json = new ObjectMapper().writeValueAsString(results.get(0));
        for (String field : List.of("kind", "train_size", "kendall_tau_mean", "kendall_tau_std", "spearman_mean")) {
            assertTrue(json.contains("\"" + field + "\""), json);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PredictorBench(Map.of(), List.of(25), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new PredictorBench(Map.of("x", Nb201Predictors.xgboost()), List.of(1), 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PredictorBench(Map.of("x", Nb201Predictors.xgboost()), List.of(25), 0));
        assertEquals("seeds must be >= 1, got 0", e.getMessage());
    }

    /** The full table of the issue; prints it. About 15 minutes on 2 cores: a benchmark, not a default test. */
    @Test
    @Tag("benchmark") // a 15-minute measurement, also `bin/nas predictor-bench`; not part of the default test run
    void fullTableOnNb201() {
        Map<String, PredictorTrainer> kinds = new LinkedHashMap<>();
        kinds.put(PredictorKinds.XGBOOST, Nb201Predictors.xgboost());
        kinds.put(PredictorKinds.XGBOOST_ENSEMBLE, Nb201Predictors.xgboostEnsemble());
        kinds.put(PredictorKinds.MLP, Nb201Predictors.mlp());
        kinds.put(PredictorKinds.MLP_PRETRAINED, Nb201Predictors.mlpPretrained());
        kinds.put(PredictorKinds.GCN, Nb201Predictors.gcn());
        int seeds = Integer.getInteger("sparknas.bench.seeds", 5);
        long start = System.nanoTime();
        List<PredictorBench.Result> results =
                new PredictorBench(kinds, List.of(25, 50, 100, 200, 400), seeds).run(Nb201Truth.meanValidationAccuracy());
        System.out.printf("PredictorBench: NB201 cifar10_valid_val_acc (mean over seeds), %d seeds, %.0f s%n", seeds,
                (System.nanoTime() - start) / 1e9);
        System.out.printf("%-18s %6s %18s %10s%n", "kind", "train", "kendall_tau", "spearman");
        for (PredictorBench.Result r : results) {
            System.out.printf("%-18s %6d %10.3f ± %.3f %10.3f%n", r.kind(), r.trainSize(), r.kendallTauMean(),
                    r.kendallTauStd(), r.spearmanMean());
        }
        assertEquals(25, results.size());
        double best100 = results.stream().filter(r -> r.trainSize() == 100)
                .mapToDouble(PredictorBench.Result::kendallTauMean).max().orElseThrow();
        assertTrue(best100 >= 0.70, "best tau at 100 cells " + best100);
    }

    /**
     * The acceptance target: pretraining lifts the MLP's Kendall τ at 50 training cells by
     * at least 0.05 (same splits and seeds for both kinds). About 10 minutes on 2 cores.
     */
    @Test
    @Tag("benchmark")
    void pretrainingHelpsTheMlpAtFiftyCells() {
        Map<String, PredictorTrainer> kinds = new LinkedHashMap<>();
        kinds.put(PredictorKinds.MLP, Nb201Predictors.mlp());
        kinds.put(PredictorKinds.MLP_PRETRAINED, Nb201Predictors.mlpPretrained());
        int seeds = Integer.getInteger("sparknas.bench.seeds", 5);
        List<PredictorBench.Result> results =
                new PredictorBench(kinds, List.of(25, 50, 100), seeds).run(Nb201Truth.meanValidationAccuracy());
        for (PredictorBench.Result r : results) {
            System.out.printf("%-18s %6d %10.3f ± %.3f %10.3f%n", r.kind(), r.trainSize(), r.kendallTauMean(),
                    r.kendallTauStd(), r.spearmanMean());
        }
        double plain = tauAt(results, PredictorKinds.MLP, 50);
        double pretrained = tauAt(results, PredictorKinds.MLP_PRETRAINED, 50);
        assertTrue(pretrained >= plain + 0.05, "tau at 50 cells: mlp " + plain + ", mlp-pretrained " + pretrained);
    }

    private static double tauAt(List<PredictorBench.Result> results, String kind, int size) {
        return results.stream().filter(r -> r.kind().equals(kind) && r.trainSize() == size)
                .mapToDouble(PredictorBench.Result::kendallTauMean).findFirst().orElseThrow();
    }
}
