package io.sparknas.jobs.bench.benchmark;

import io.sparknas.jobs.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pooling benchmark summaries, on figures small enough to check by hand. */
class BenchmarkPoolTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static String strategy(String name, int budget, long firstSeed, String reports, String queries) {
        return "{\"strategy\":\"" + name + "\",\"budget\":" + budget + ",\"first_seed\":" + firstSeed
                + ",\"objective\":\"val\",\"report\":\"test\",\"per_seed_report\":[" + reports
                + "],\"per_seed_queries_to_optimum\":[" + queries + "]}";
    }

    private static Path file(Path dir, String name, String... strategies) throws IOException {
        return Files.writeString(dir.resolve(name), "[" + String.join(",", strategies) + "]");
    }

    @Test
    void poolsSeedsOverFilesAndPairsThemWithTheBaseline(@TempDir Path dir) throws IOException {
        Path first = file(dir, "a.json", strategy("guided", 100, 0, "94.0, 94.2, 94.4", "40, null, 60"),
                strategy("regularized-evolution", 100, 0, "94.0, 94.0, 94.0", "null, null, 90"));
        Path second = file(dir, "b.json", strategy("guided", 100, 3, "94.1, 94.3, 94.5", "30, 50, 70"),
                strategy("regularized-evolution", 100, 3, "94.2, 94.3, 94.1", "80, null, null"));
        List<Map<String, Object>> rows = BenchmarkPool.run(List.of(first, second), null, QUIET);
        Map<String, Object> guided = rows.get(0);
        assertEquals("guided", guided.get("strategy"));
        assertEquals(6, guided.get("seeds"));
        assertEquals(94.25, (Double) guided.get("report_mean"), 1e-9);
        assertEquals(Math.sqrt(0.035), (Double) guided.get("report_std"), 1e-9); // squares 0.175 over 5
        assertEquals(5, guided.get("runs_reaching_optimum"));
        // 30 40 50 60 70 never: the middle two are 50 and 60
        assertEquals(55.0, guided.get("queries_to_optimum_median"));
        assertEquals("regularized-evolution", guided.get("baseline"));
        assertEquals(6, guided.get("paired_seeds"));
        // differences 0, 0.2, 0.4, -0.1, 0, 0.4: mean 0.15, squares 0.235 over 5, t(5) = 2.5706
        assertEquals(0.15, (Double) guided.get("paired_difference_mean"), 1e-9);
        assertEquals(2.5706 * Math.sqrt(0.047) / Math.sqrt(6), (Double) guided.get("paired_difference_ci95"), 1e-4);
        assertEquals(3, guided.get("seeds_better"));
        assertEquals(1, guided.get("seeds_worse"));
        assertEquals(2, guided.get("seeds_tied"));
        double low = (Double) guided.get("queries_to_optimum_median_low");
        assertTrue(low >= 30 && low <= 55, "bootstrap low " + low);
        Map<String, Object> evolution = rows.get(1);
        // 80 90 and four that never reach it: the median is a run that never did
        assertNull(evolution.get("queries_to_optimum_median"));
        assertEquals(2, evolution.get("runs_reaching_optimum"));
        assertFalse(evolution.containsKey("paired_difference_mean"), "the baseline is not paired with itself");
    }

    @Test
    void theSameFilesGiveTheSameBootstrapInterval(@TempDir Path dir) throws IOException {
        Path only = file(dir, "a.json", strategy("guided", 100, 0, "94.0, 94.2, 94.4, 94.1, 94.3",
                "40, null, 60, 35, 45"));
        assertEquals(BenchmarkPool.run(List.of(only), null, QUIET), BenchmarkPool.run(List.of(only), null, QUIET));
    }

    @Test
    void badInputNamesTheFileAndWhatIsWrong(@TempDir Path dir) throws IOException {
        Path good = file(dir, "good.json", strategy("guided", 100, 0, "94.0", "40"));
        assertBadInput("a missing file",
                "summary file not found: " + dir.resolve("missing.json"), List.of(dir.resolve("missing.json")), null);
        assertBadInput("not JSON", "is not JSON", List.of(Files.writeString(dir.resolve("text.json"), "{oops")), null);
        assertBadInput("not an array", "is not a benchmark --summary-json",
                List.of(Files.writeString(dir.resolve("object.json"), "{}")), null);
        assertBadInput("an older summary", "has a strategy without 'per_seed_queries_to_optimum'",
                List.of(Files.writeString(dir.resolve("old.json"), "[{\"strategy\":\"guided\",\"budget\":100,"
                        + "\"first_seed\":0,\"objective\":\"val\",\"report\":\"test\",\"per_seed_report\":[94.0]}]")), null);
        assertBadInput("the same seed twice", "seed 0 of guided is already in another file", List.of(good, good), null);
        assertBadInput("another budget", "guided has budget 300 but " + good + " has 100; pool like with like",
                List.of(good, file(dir, "b300.json", strategy("guided", 300, 1, "94.0", "40"))), null);
        assertBadInput("arrays of different lengths", "has 2 per_seed_report values but 1 per_seed_queries_to_optimum",
                List.of(file(dir, "short.json", strategy("guided", 100, 0, "94.0, 94.1", "40"))), null);
        assertBadInput("an unknown baseline", "baseline strategy 'random' is in none of the files (strategies: guided)",
                List.of(good), "random");
        assertBadInput("no files", "no summary files given", List.of(), null);
    }

    private static void assertBadInput(String what, String expected, List<Path> files, String baseline) {
        BadInputException e = assertThrows(BadInputException.class, () -> BenchmarkPool.run(files, baseline, QUIET), what);
        assertTrue(e.getMessage().startsWith("benchmark-pool: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
