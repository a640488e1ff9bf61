package io.sparknas.jobs.bench.benchmark;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NB201 CIFAR-10 accuracy against measured Titan RTX latency (HELP), on the real tables. */
class MultiObjectiveBenchmarkTest extends LocalSpark {
    private static final String LATENCY = "nb201-latency-help/nb201_latency_desktop_gpu.csv";

    private static List<StrategySummary> benchmark(String... extra) {
        List<String> sets = new ArrayList<>(List.of(
                "evaluator.tabular.tables=[\"" + SharedBenchmarks.file(SharedBenchmarks.PERSEED) + "\",\""
                        + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\",\"" + SharedBenchmarks.file(LATENCY) + "\"]",
                "evaluator.tabular.objective=cifar10_valid_val_acc", "benchmark.report=cifar10_test_acc",
                "benchmark.objectives=[\"cifar10_valid_val_acc:max\", \"lat_ms_titan_rtx_256:min\"]"));
        sets.addAll(List.of(extra));
        return BenchmarkJob.run(spark(), NasConfig.load(null, sets), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void nsga2ReachesTheTrueFrontBetterThanRandomAndSingleObjectiveEvolution() {
        Map<String, StrategySummary> byName = benchmark("benchmark.budget=200", "benchmark.seeds=20",
                "benchmark.strategies=[random, regularized-evolution, nsga2, map-elites]",
                "strategy.map-elites.descriptors=[{metric = lat_ms_titan_rtx_256, min = 8, max = 30, bins = 11}]")
                .stream().collect(Collectors.toMap(StrategySummary::strategy, Function.identity()));
        StrategySummary nsga2 = byName.get("nsga2");
        assertTrue(nsga2.hypervolumeRatioMean() >= 0.97, "NSGA-II hypervolume ratio " + nsga2.hypervolumeRatioMean());
        assertTrue(nsga2.hypervolumeRatioMean() > byName.get("random").hypervolumeRatioMean());
        assertTrue(nsga2.hypervolumeRatioMean() > byName.get("regularized-evolution").hypervolumeRatioMean());
        for (StrategySummary s : byName.values()) {
            assertTrue(s.hypervolumeRatioMean() > 0.5 && s.hypervolumeRatioMean() <= 1.0, s.strategy());
            assertEquals(20, s.perSeedHypervolumeRatio().length);
        }
        assertTrue(byName.get("map-elites").coverageMean() > 0.5);
        assertNull(nsga2.coverageMean());
    }

    @Test
    void badObjectivesConstraintsAndDeviceColumnsAreBadInput() {
        String noDevice = assertThrows(BadInputException.class,
                () -> benchmark("benchmark.objectives=[\"cifar10_valid_val_acc:max\", \"lat_ms_h100_256:min\"]")).getMessage();
        assertTrue(noDevice.contains("column 'lat_ms_h100_256' is in none of evaluator.tabular.tables"), noDevice);
        String syntax = assertThrows(BadInputException.class,
                () -> benchmark("benchmark.objectives=[\"cifar10_valid_val_acc:maximise\"]")).getMessage();
        assertTrue(syntax.contains("'cifar10_valid_val_acc:maximise' must read metric:max or metric:min"), syntax);
        String constraint = assertThrows(BadInputException.class,
                () -> benchmark("benchmark.constraints=[\"params < 1e6\"]")).getMessage();
        assertTrue(constraint.contains("must read metric<=number"), constraint);
        String empty = assertThrows(BadInputException.class,
                () -> benchmark("benchmark.constraints=[\"params<=1000\"]", "benchmark.seeds=1")).getMessage();
        assertTrue(empty.contains("the true front of the table is empty"), empty);
        String descriptor = assertThrows(BadInputException.class,
                () -> benchmark("benchmark.strategies=[map-elites]", "strategy.map-elites.descriptors=[{metric = flops}]")).getMessage();
        assertTrue(descriptor.startsWith("config key 'strategy.map-elites.descriptors'") && descriptor.contains("'min'"), descriptor);
    }
}
