package io.sparknas.evaluation.latency;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyProfilerTest {
    private static final Nb201Space SPACE = new Nb201Space();

    @Test
    void aBiggerBatchAndAHeavierCellTakeLonger() {
        LatencyProfiler profiler = new LatencyProfiler(new NetworkFactory(SPACE, 8, 1), new InputShape(3, 16, 16, 10), 2, 5, 0);
        Candidate convs = Candidate.of(SPACE, SPACE.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        Candidate skips = Candidate.of(SPACE, SPACE.parse(
                "|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|"));
        Map<Integer, Double> heavy = profiler.profile(convs, List.of(1, 64));
        Map<Integer, Double> light = profiler.profile(skips, List.of(64));
        assertEquals(List.of(1, 64), List.copyOf(heavy.keySet()));
        assertTrue(heavy.get(1) > 0, heavy.toString());
        // six 3x3 convolutions per cell against none: several times the work, not a close call
        assertTrue(heavy.get(64) > heavy.get(1), heavy.toString());
        assertTrue(heavy.get(64) > light.get(64), heavy + " vs " + light);
    }

    @Test
    void theDeviceNamesTheCpuModelAndBatch() {
        assertTrue(LatencyProfiler.device(8).matches("cpu-[a-z0-9-]+-b8"), LatencyProfiler.device(8));
        assertEquals("intel-xeon-gold-6230-cpu-2-10ghz", LatencyProfiler.slug(" Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz"));
        assertThrows(IllegalArgumentException.class,
                () -> new LatencyProfiler(new NetworkFactory(SPACE, 8, 1), new InputShape(3, 16, 16, 10), 1, 0, 0));
    }
}
