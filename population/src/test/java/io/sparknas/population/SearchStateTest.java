package io.sparknas.population;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchStateTest {

    @Test
    void countersStartAtZeroAccumulateAndSurviveJson() {
        SearchState state = SearchState.start("test", 1);
        assertEquals(0, state.counter("rejected"));
        state.increment("rejected", 3);
        state.increment("rejected", 2);
        state.increment("admitted", 1);
        SearchState restored = SearchState.fromJson(state.toJson());
        assertEquals(5, restored.counter("rejected"));
        assertEquals(1, restored.counter("admitted"));
        assertEquals(state.toJson(), restored.toJson());
    }

    @Test
    void aStateWrittenBeforeCountersExistedStillReads() {
        String old = "{\"strategy\":\"random\",\"seed\":7,\"rngState\":12,\"generation\":3,\"queries\":9,"
                + "\"population\":[],\"best\":null}";
        SearchState state = SearchState.fromJson(old);
        assertEquals(3, state.getGeneration());
        assertEquals(0, state.counter("anything"));
        assertTrue(state.getCounters().isEmpty());
    }

    @Test
    void metricsWriteInTheSameOrderWhateverOrderTheyWereBuiltIn() {
        Map<String, Double> forward = new LinkedHashMap<>();
        Map<String, Double> backward = new LinkedHashMap<>();
        List<String> names = List.of("accuracy", "flops", "latency", "params", "zeta", "alpha", "mid");
        for (int i = 0; i < names.size(); i++) {
            forward.put(names.get(i), (double) i);
            backward.put(names.get(names.size() - 1 - i), (double) (names.size() - 1 - i));
        }
        assertEquals(stateWith(forward).toJson(), stateWith(backward).toJson());
    }

    @Test
    void nonFiniteMetricsSurviveJson() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("latency", Double.POSITIVE_INFINITY);
        metrics.put("accuracy", Double.NaN);
        metrics.put("params", -0.0);
        SearchState state = stateWith(metrics);
        SearchState restored = SearchState.fromJson(state.toJson());
        assertEquals(state.getPopulation(), restored.getPopulation());
        assertEquals(state.toJson(), restored.toJson());
    }

    private static SearchState stateWith(Map<String, Double> metrics) {
        SearchState state = SearchState.start("test", 1);
        state.setPopulation(List.of(new Individual(Genome.of(1, 2), "a", "k", metrics, 0)));
        return state;
    }
}
