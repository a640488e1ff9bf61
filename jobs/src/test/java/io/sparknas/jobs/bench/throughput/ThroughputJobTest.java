package io.sparknas.jobs.bench.throughput;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.TrainingSet;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throughput command's bookkeeping on a small run (its speed is measured by bin/nas throughput, not here). */
class ThroughputJobTest extends LocalSpark {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void everyCandidateIsScoredOnceAndTheBestPredictionIsAPlausibleLogActivationCount() {
        Map<String, Object> summary = ThroughputJob.run(spark(), NasConfig.load(null, List.of(
                "throughput.candidates=10001", "throughput.batch=1000", "throughput.train=300", "throughput.rounds=50",
                "throughput.repeats=1")), QUIET);
        assertEquals(10001L, summary.get("candidates"));
        assertEquals(2, summary.get("cores"));
        assertEquals(153, summary.get("features"));
        double best = (Double) summary.get("best_predicted");
        // log10 of the activation memory of CIFAR MobileNets: between 10^5 and 10^8 elements
        assertTrue(best > 5 && best < 8, "best predicted log10 activations " + best);
        assertTrue((Double) summary.get("per_core_per_s") > 0);
        // ranked on 2000 other sampled architectures: a featurizer that lost the stem or the stages would not rank
        double tau = (Double) summary.get("held_out_kendall_tau");
        assertTrue(tau > 0.75 && tau <= 1, "held-out Kendall tau " + tau);
    }

    @Test
    void theBoundedScorerKeepsTheBestCandidateOfPredictingEveryOneInFull() {
        List<String> run = List.of("throughput.candidates=40001", "throughput.batch=1000", "throughput.train=300",
                "throughput.rounds=200", "throughput.repeats=1", "throughput.seed=3");
        Map<String, Object> bounded = ThroughputJob.run(spark(), NasConfig.load(null, run), QUIET);
        List<String> fullRun = new ArrayList<>(run);
        fullRun.add("throughput.scorer=native");
        Map<String, Object> full = ThroughputJob.run(spark(), NasConfig.load(null, fullRun), QUIET);
        assertEquals("native", full.get("scorer"));
        assertEquals("bounded", bounded.get("scorer"));
        assertEquals(full.get("best_key"), bounded.get("best_key"));
        // XGBoost sums the leaves in single precision, the Java trees in double
        assertEquals((Double) full.get("best_predicted"), (Double) bounded.get("best_predicted"), 1e-5);
        assertEquals(200.0, full.get("trees_per_candidate"));
        double visited = (Double) bounded.get("trees_per_candidate");
        assertTrue(visited >= 1 && visited < 100, "trees per candidate " + visited);
    }

    @Test
    void anUnknownScorerIsBadInputNamingTheKey() {
        BadInputException e = assertThrows(BadInputException.class, () -> ThroughputJob.run(spark(),
                NasConfig.load(null, List.of("throughput.scorer=fastest")), QUIET));
        assertEquals("config key 'throughput.scorer': unknown scorer 'fastest' (known: native, bounded)", e.getMessage());
    }

    @Test
    void theHeldOutSampleSharesNoArchitectureWithTheTrainingSample() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        Set<String> seen = new HashSet<>();
        List<TrainingSet.Row> training = ThroughputJob.sample(space, 200, 7, seen);
        // the same seed draws the same architectures first: every one of them must be passed over
        List<TrainingSet.Row> heldOut = ThroughputJob.sample(space, 200, 7, seen);
        Set<String> trainingKeys = new HashSet<>();
        training.forEach(r -> trainingKeys.add(r.architecture().canonicalKey()));
        assertEquals(200, trainingKeys.size());
        assertEquals(200, heldOut.size());
        heldOut.forEach(r -> assertFalse(trainingKeys.contains(r.architecture().canonicalKey()), r.architecture().canonicalKey()));
        assertEquals(400, seen.size());
    }

    @Test
    void aLearningRateOutsideZeroToOneIsBadInputNamingTheKey() {
        BadInputException e = assertThrows(BadInputException.class, () -> ThroughputJob.run(spark(),
                NasConfig.load(null, List.of("throughput.eta=1.5")), QUIET));
        assertEquals("config key 'throughput.eta': XGBoost settings: eta must be in (0, 1], got 1.5", e.getMessage());
    }

    @Test
    void anUnknownStageIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> ThroughputJob.run(spark(),
                NasConfig.load(null, List.of("throughput.stages=everything")), QUIET));
        assertTrue(e.getMessage().contains("throughput.stages"), e.getMessage());
    }
}
