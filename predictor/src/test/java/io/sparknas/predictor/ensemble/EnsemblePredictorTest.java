package io.sparknas.predictor.ensemble;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.Uncertain;
import io.sparknas.predictor.bench.PredictorBench;
import io.sparknas.predictor.testing.Nb201Truth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsemblePredictorTest {

    @Test
    void membersDisagreeAndTheirMeanStaysCloseToASingleModel() {
        PredictorBench.Split split = PredictorBench.Split.sample(Nb201Truth.meanValidationAccuracy(), 100, 3);
        List<Architecture> probe = split.testArchitectures().subList(0, 2000);
        EnsemblePredictor ensemble = Nb201Predictors.xgboostEnsemble().fit(split.train(), 11);
        Predictor single = Nb201Predictors.xgboost().fit(split.train(), 11);

        assertEquals(Nb201Predictors.ENSEMBLE_MEMBERS, ensemble.members().size());
        assertEquals("xgboost-ensemble", ensemble.provenance().kind());
        assertEquals(100, ensemble.provenance().nTrain());

        List<Uncertain> withSpread = ensemble.predictAllWithUncertainty(probe);
        double[] means = ensemble.predictAll(probe);
        double[] singles = single.predictAll(probe);
        double meanStd = 0;
        double meanAbsDiff = 0;
        for (int i = 0; i < probe.size(); i++) {
            assertEquals(means[i], withSpread.get(i).mean(), 1e-9);
            meanStd += withSpread.get(i).std() / probe.size();
            meanAbsDiff += Math.abs(means[i] - singles[i]) / probe.size();
        }
        Uncertain first = ensemble.predictWithUncertainty(probe.get(0));
        assertEquals(withSpread.get(0).mean(), first.mean(), 1e-9);
        assertEquals(withSpread.get(0).std(), first.std(), 1e-9);
        System.out.printf("ensemble: mean member std %.3f, mean |ensemble - single| %.3f accuracy points%n",
                meanStd, meanAbsDiff);
        assertTrue(meanStd > 0.1, "bootstrap members should disagree, mean std " + meanStd);
        assertTrue(meanAbsDiff < 2.0, "ensemble mean strays from a single model by " + meanAbsDiff);

        double[] truth = java.util.Arrays.copyOf(split.testValues(), probe.size());
        double tauEnsemble = RankMetrics.kendallTau(means, truth);
        double tauSingle = RankMetrics.kendallTau(singles, truth);
        assertTrue(Math.abs(tauEnsemble - tauSingle) < 0.05, "tau " + tauEnsemble + " vs single " + tauSingle);
    }

    @Test
    void settingsAreValidated() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new EnsembleTrainer(Nb201Predictors.xgboost(), 1, true));
        assertEquals("an ensemble needs at least 2 members, got 1", e.getMessage());
    }
}
