package io.sparknas.predictor.xgboost;

import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.population.Genome;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.Uncertain;
import io.sparknas.predictor.ensemble.EnsemblePredictor;
import io.sparknas.predictor.ensemble.EnsembleTrainer;
import io.sparknas.predictor.features.MobileNetFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast path scores what the predictors' own batched prediction scores. */
class GenomeScoringTest {
    private static final MobileNetSpace SPACE = MobileNetSpace.cifar(10);

    private static List<Genome> genomes(int count, long seed) {
        Random random = new Random(seed);
        List<Genome> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(SPACE.sample(random));
        }
        return out;
    }

    private static TrainingSet activations() {
        List<TrainingSet.Row> rows = new ArrayList<>();
        for (Genome genome : genomes(600, 1)) {
            MobileNetArchitecture network = SPACE.decode(genome);
            rows.add(new TrainingSet.Row(network, Math.log10(MobileNetCosts.activationMemory(network))));
        }
        return new TrainingSet("sampled", "log10_activations", rows);
    }

    @Test
    void anEnsembleOnTheMacroSpaceScoresItsMeanAndSpreadAsThePredictorDoes() {
        EnsemblePredictor ensemble = (EnsemblePredictor) new EnsembleTrainer(
                new XgboostTrainer(new MobileNetFeatures(SPACE), XgboostSettings.DEFAULTS), 5, true).fit(activations(), 3);
        List<Genome> asked = genomes(2000, 2);
        List<Uncertain> fast = GenomeScoring.of(ensemble).orElseThrow().score(asked);
        List<Uncertain> reference = ensemble.predictAllWithUncertainty(asked.stream().map(SPACE::decode).toList());
        double spread = 0;
        for (int i = 0; i < asked.size(); i++) {
            assertEquals(reference.get(i).mean(), fast.get(i).mean(), 1e-5);
            assertEquals(reference.get(i).std(), fast.get(i).std(), 1e-5);
            spread = Math.max(spread, fast.get(i).std());
        }
        assertTrue(spread > 0, "bootstrap members disagree somewhere");
    }

    @Test
    void oneModelScoresWithNoSpreadAndOtherFeaturizersHaveNoFastPath() {
        Predictor single = new XgboostTrainer(new MobileNetFeatures(SPACE), XgboostSettings.DEFAULTS).fit(activations(), 4);
        List<Genome> asked = genomes(500, 5);
        List<Uncertain> fast = GenomeScoring.of(single).orElseThrow().score(asked);
        double[] reference = single.predictAll(asked.stream().map(SPACE::decode).toList());
        for (int i = 0; i < asked.size(); i++) {
            assertEquals(reference[i], fast.get(i).mean(), 1e-5);
            assertEquals(0.0, fast.get(i).std());
        }
        assertTrue(GenomeScoring.of(new EnsembleTrainer(Nb201Predictors.xgboost(), 2, true)
                .fit(io.sparknas.predictor.bench.PredictorBench.Split.sample(
                        io.sparknas.predictor.testing.Nb201Truth.meanValidationAccuracy(), 60, 1).train(), 1)).isEmpty());
    }

    @Test
    void boundedScoringIsExactForWhatCanReachTheBarAndStopsTheRest() {
        Predictor single = new XgboostTrainer(new MobileNetFeatures(SPACE), XgboostSettings.DEFAULTS).fit(activations(), 6);
        GenomeScoring scoring = GenomeScoring.of(single).orElseThrow();
        List<Genome> asked = genomes(3000, 7);
        double[] full = single.predictAll(asked.stream().map(SPACE::decode).toList());
        double[] sorted = full.clone();
        java.util.Arrays.sort(sorted);
        double bar = sorted[sorted.length - 50]; // the 50th best
        double[] above = scoring.above(asked, bar);
        int stopped = 0;
        for (int i = 0; i < asked.size(); i++) {
            if (full[i] >= bar + 1e-4) {
                assertEquals(full[i], above[i], 1e-5);
            } else if (above[i] == Double.NEGATIVE_INFINITY) {
                stopped++;
                assertTrue(full[i] < bar + 1e-4);
            }
        }
        assertTrue(stopped > 2500, "most rows stop early, got " + stopped);
    }
}
