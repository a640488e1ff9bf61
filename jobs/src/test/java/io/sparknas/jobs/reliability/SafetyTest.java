package io.sparknas.jobs.reliability;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchGoals;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configs and stored data pick from registries and hold plain values: nothing in them is loaded as
 * code. (The command-line side, class names and code-loading Spark settings refused with exit 2,
 * is in {@link BadInputCatalogueIT}.)
 */
class SafetyTest {
    /** Ways Java code turns text into running code; none may appear in the shipped sources. */
    private static final List<String> CODE_FROM_TEXT = List.of("Class.forName", "loadClass(", "URLClassLoader",
            "ObjectInputStream", "ScriptEngine", "DefaultTyping", "JsonTypeInfo", "getRuntime().exec", "new ProcessBuilder",
            "MethodHandles.lookup().find");
    /**
     * Reviewed uses, each with the text that makes it safe: a class name fixed in the source (the
     * oneDNN bridge), and Java deserialisation of saved predictors behind an allow-list filter.
     */
    private static final Map<String, String> REVIEWED = Map.of(
            "evaluation/src/main/java/org/nd4j/nativeblas/Nd4jCpu.java: Class.forName",
            "Class.forName(\"org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment\")",
            "jobs/src/main/java/io/sparknas/jobs/predictors/SavedPredictors.java: ObjectInputStream",
            "objects.setObjectInputFilter(ONLY_PREDICTOR_CLASSES);");

    @Test
    void strategiesAndEvaluatorsComeFromTheRegistryNotFromClassNames() {
        NasConfig config = NasConfig.load(null, List.of("evaluator.tabular.objective=acc", "benchmark.report=test"));
        SearchGoals goals = new SearchGoals(List.of(Objective.maximize("acc")), List.of(), List.of());
        for (String name : List.of("io.sparknas.population.strategy.RandomSearch", "java.lang.Runtime", "RandomSearch")) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Registry.strategy(name, new Nb201Space(), goals, config));
            assertTrue(e.getMessage().startsWith("unknown strategy '" + name + "' (known: random, "), e.getMessage());
        }
        for (String name : List.of("io.sparknas.evaluation.tabular.TabularEvaluator", "TabularEvaluator")) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Registry.evaluator(name, null, new Nb201Space(), goals, "test", config, 0));
            assertTrue(e.getMessage().startsWith("unknown evaluator '" + name + "'"), e.getMessage());
        }
        assertThrows(BadInputException.class, () -> Registry.space("io.sparknas.population.space.Nb201Space", 10));
    }

    @Test
    void aStoredSearchStateWithATypeHintIsReadAsPlainData() {
        // a checkpoint row is data anyone with write access to the store can edit: a type hint must not pick a class
        String json = "{\"strategy\":\"random\",\"generation\":2,\"queries\":7,"
                + "\"best\":{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/owned\"]}}";
        SearchState state;
        try {
            state = SearchState.fromJson(json);
        } catch (IllegalArgumentException refused) {
            return; // refusing the row is as good as ignoring the hint
        }
        assertEquals(2, state.getGeneration());
        assertTrue(state.getBest() == null || state.getBest().getClass().getName().startsWith("io.sparknas."));
    }

    @Test
    void noShippedSourceTurnsTextIntoCode() throws IOException {
        Path root = SharedBenchmarks.repoRoot();
        List<String> found = new ArrayList<>();
        for (String module : List.of("population", "hardware", "evaluation", "predictor", "jobs")) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    for (String pattern : CODE_FROM_TEXT.stream().filter(text::contains).toList()) {
                        String use = root.relativize(file) + ": " + pattern;
                        if (!REVIEWED.containsKey(use) || !text.contains(REVIEWED.get(use))) {
                            found.add(use);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
