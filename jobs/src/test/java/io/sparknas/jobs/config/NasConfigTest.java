package io.sparknas.jobs.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NasConfigTest {
    @Test
    void setOverridesWinOverTheFileWhichWinsOverTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.conf");
        Files.writeString(file, "search.budget = 50\nsearch.batch = 5\n");
        NasConfig config = NasConfig.load(file.toFile(), List.of("search.budget=70", "benchmark.tables=[a.csv, \"b.csv.gz\"]"));
        assertEquals(70, config.getInt("search.budget"));
        assertEquals(5, config.getInt("search.batch"));
        assertEquals(20, config.getInt("benchmark.seeds"));
        assertEquals(List.of("a.csv", "b.csv.gz"), config.getStringList("benchmark.tables"));
    }

    @Test
    void theThroughputModelFollowsThePredictorShapeUnlessSetItself() {
        NasConfig shaped = NasConfig.load(null, List.of("predictor.xgboost.rounds=50"));
        assertEquals(50, shaped.getInt("throughput.rounds"));
        assertEquals(0.03, shaped.getDouble("throughput.eta"));
        NasConfig own = NasConfig.load(null, List.of("throughput.rounds=7"));
        assertEquals(7, own.getInt("throughput.rounds"));
        assertEquals(500, own.getInt("predictor.xgboost.rounds"));
        // the type of a default that is a substitution is that of what it resolves to
        var e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("throughput.eta=fast")));
        assertTrue(e.getMessage().endsWith("expected a number, got \"fast\""), e.getMessage());
    }

    @Test
    void anUnknownKeyIsRejectedByName() {
        var e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("search.budgt=5")));
        assertTrue(e.getMessage().contains("unknown config key 'search.budgt'"), e.getMessage());
    }

    @Test
    void freeFormSparkSettingsAreAllowed() {
        NasConfig config = NasConfig.load(null, List.of("spark.conf.\"spark.sql.shuffle.partitions\"=3"));
        assertEquals("3", String.valueOf(config.getFreeForm("spark.conf").get("spark.sql.shuffle.partitions")));
    }

    @Test
    void aWrongTypeIsRejectedAtLoadNamingTheKeyAndWhereTheValueCameFrom(@TempDir Path dir) throws IOException {
        var e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("search.budget=lots")));
        assertEquals("config key 'search.budget' (--set search.budget=lots: 1): expected a number, got \"lots\"", e.getMessage());
        Path file = dir.resolve("typos.conf");
        Files.writeString(file, "search {\n  seed = 1\n  batch = 2.5\n}\n");
        // a fraction where a count is meant is refused when the count is read, naming where it came from
        NasConfig fractional = NasConfig.load(file.toFile(), List.of());
        e = assertThrows(BadInputException.class, () -> fractional.getInt("search.batch"));
        assertTrue(e.getMessage().startsWith("config key 'search.batch' (" + file), e.getMessage());
        assertTrue(e.getMessage().endsWith(": expected an integer, got 2.5"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NasConfig.load(file.toFile(), List.of("search.batch=4",
                "benchmark.strategies=random")));
        assertTrue(e.getMessage().contains("'benchmark.strategies' (--set benchmark.strategies=random"), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected a list [...], got \"random\""), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("predictor.train_sizes=[25, many]")));
        assertTrue(e.getMessage().endsWith("list element: expected a number, got \"many\""), e.getMessage());
        NasConfig fractionalSizes = NasConfig.load(null, List.of("predictor.train_sizes=[25, 2.5]"));
        e = assertThrows(BadInputException.class, () -> fractionalSizes.getIntList("predictor.train_sizes"));
        assertTrue(e.getMessage().endsWith(": expected an integer, got 2.5"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("strategy.nsga2=5")));
        assertTrue(e.getMessage().endsWith("expected an object {...}, got 5"), e.getMessage());
        // substitutions are resolved before the types are checked (conf/*.conf use ${SPARKNAS_HOME})
        Path substituted = dir.resolve("substituted.conf");
        Files.writeString(substituted, "root = \"/data\"\nbenchmark.tables = [${root}\"/a.csv\"]\nsearch.budget = ${search.batch}\n");
        var e2 = assertThrows(BadInputException.class, () -> NasConfig.load(substituted.toFile(), List.of()));
        assertTrue(e2.getMessage().contains("unknown config key 'root'"), e2.getMessage());
        Files.writeString(substituted, "benchmark.tables = [${search.space}\"/a.csv\"]\nsearch.budget = ${search.batch}\n");
        NasConfig resolved = NasConfig.load(substituted.toFile(), List.of());
        assertEquals(List.of("nb201/a.csv"), resolved.getStringList("benchmark.tables"));
        assertEquals(10, resolved.getInt("search.budget"));
        // HOCON's own conversions stay allowed
        assertEquals(7, NasConfig.load(null, List.of("search.budget=\"7\"", "benchmark.objective=42")).getInt("search.budget"));
    }

    @Test
    void impossibleValuesAndMalformedInputAreRejected(@TempDir Path dir) throws IOException {
        NasConfig negative = NasConfig.load(null, List.of("search.budget=-3"));
        assertEquals("config key 'search.budget' must be > 0, got -3",
                assertThrows(BadInputException.class, () -> negative.getPositiveInt("search.budget")).getMessage());
        assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("no-equals-sign")));
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(new File(dir.toFile(), "missing.conf"), List.of()))
                .getMessage().contains("missing.conf: no such file"));
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "search { budget = \n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(broken.toFile(), List.of()))
                .getMessage().contains("broken.conf"));
        assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of()).getRequiredString("benchmark.objective"));
    }

    @Test
    void renderedConfigLoadsBackToTheSameValues() {
        NasConfig config = NasConfig.load(null, List.of("search.seed=11", "benchmark.objective=x"));
        NasConfig again = NasConfig.fromRendered(config.render());
        assertEquals(11, again.getLong("search.seed"));
        assertEquals("x", again.getString("benchmark.objective"));
        assertEquals(config.render(), again.render());
    }

    @Test
    void aRealKeyWhoseDefaultIsWholeTakesAFraction() {
        // successive-halving.eta defaults to 3, which HOCON stores as an integer; it is a real reduction factor
        assertEquals(2.5, NasConfig.load(null, List.of("successive-halving.eta=2.5")).getDouble("successive-halving.eta"));
        assertEquals(3.0, NasConfig.load(null, List.of()).getDouble("successive-halving.eta"));
    }
}
