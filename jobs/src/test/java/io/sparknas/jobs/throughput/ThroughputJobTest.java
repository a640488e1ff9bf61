package io.sparknas.jobs.throughput;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    }

    @Test
    void anUnknownStageIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> ThroughputJob.run(spark(),
                NasConfig.load(null, List.of("throughput.stages=everything")), QUIET));
        assertTrue(e.getMessage().contains("throughput.stages"), e.getMessage());
    }
}
