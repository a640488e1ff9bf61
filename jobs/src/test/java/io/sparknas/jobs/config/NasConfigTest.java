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
    void aWrongTypeNamesTheKey() {
        NasConfig config = NasConfig.load(null, List.of("search.budget=lots"));
        var e = assertThrows(BadInputException.class, () -> config.getPositiveInt("search.budget"));
        assertTrue(e.getMessage().startsWith("config key 'search.budget'"), e.getMessage());
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
}
