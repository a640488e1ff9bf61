package io.sparknas.jobs.data;

import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A benchmark file is read exactly as named: Spark's CSV reader expands Hadoop globs, so without care
 * {@code g[1].csv} reads {@code g1.csv}, and {@code g*.csv} reads every g-file.
 */
class BenchmarkFileNamesTest extends LocalSpark {
    private static final String CELL = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    private static TabularData load(Path file) {
        return BenchmarkTables.load(spark(), new Nb201Space(), List.of(file.toString()), "acc", "acc");
    }

    private static Path write(Path dir, String name, double acc) throws IOException {
        return Files.writeString(dir.resolve(name), "arch_str,acc\n" + CELL + "," + acc + "\n");
    }

    @Test
    void aNameWithGlobCharactersReadsThatFileAndNoOther(@TempDir Path dir) throws IOException {
        Path plain = write(dir, "g1.csv", 91.5);
        List<Path> globby = List.of(write(dir, "g[1].csv", 80.25), write(dir, "g*.csv", 70.5), write(dir, "g?.csv", 60.75),
                write(dir, "g{1,2}.csv", 50.5), write(dir, "g\\1.csv", 40.25));
        TabularData reference = load(plain);
        assertEquals(91.5, reference.get(CELL).objective()[0]);
        Set<String> digests = new HashSet<>(Set.of(reference.digest()));
        for (Path file : globby) {
            TabularData data = load(file);
            String name = file.getFileName().toString();
            // one row: a glob would have read several files (duplicate rows) or g1.csv's
            assertEquals(1, data.size(), name);
            assertEquals(Double.parseDouble(Files.readAllLines(file).get(1).split(",")[1]), data.get(CELL).objective()[0], name);
            // the evaluations cache is keyed by the tables' content: each file has its own
            assertTrue(digests.add(data.digest()), name + " shares a cache digest with another file");
        }
        // a missing file stays "no such file", even when the glob it spells would match
        String missing = dir.resolve("g[2-9].csv").toString();
        Files.writeString(dir.resolve("g2.csv"), "arch_str,acc\n" + CELL + ",1\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> BenchmarkTables.load(spark(), new Nb201Space(), List.of(missing), "acc", "acc"));
        assertEquals("evaluator.tabular.tables: no such file: " + missing, e.getMessage());
    }
}
