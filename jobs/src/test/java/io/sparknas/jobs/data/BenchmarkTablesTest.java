package io.sparknas.jobs.data;

import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkTablesTest extends LocalSpark {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final String BEST = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
    private static final String CELL = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    private static TabularData load(List<String> paths, String objective, String report) {
        return BenchmarkTables.load(spark(), SPACE, paths, objective, report);
    }

    @Test
    void joinsTheRealPerSeedAndTestTablesOnArchStr() {
        TabularData data = load(List.of(SharedBenchmarks.file(SharedBenchmarks.PERSEED).toString(),
                SharedBenchmarks.file(SharedBenchmarks.TEST200).toString()), "cifar10_valid_val_acc", "cifar10_test_acc");
        assertEquals(15_625, data.size());
        assertEquals(94.373333, data.bestReport(), 1e-9); // NB201's optimum (94.37): arch 6111, tied with 13714
        assertEquals(94.373333, data.get(BEST).report(), 1e-9);
        int seedRows = data.entries().values().stream().mapToInt(e -> e.seeds().length).sum();
        assertEquals(39_419, seedRows);
        TabularData.Entry first = data.get("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|");
        assertArrayEquals(new long[] {777, 888, 999}, sortedCopy(first.seeds()));
        assertEquals(85.863333, first.report(), 1e-9);
        assertTrue(Arrays.stream(first.objective()).anyMatch(v -> Math.abs(v - 82.092) < 1e-9));
    }

    private static long[] sortedCopy(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static String csv(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file.toString();
    }

    private static String message(List<String> paths, String objective, String report) {
        return assertThrows(BadInputException.class, () -> load(paths, objective, report)).getMessage();
    }

    @Test
    void badFilesAreRejectedWithAMessageNamingTheCulprit(@TempDir Path dir) throws IOException {
        String good = csv(dir, "good.csv", "arch_str,acc\n" + CELL + ",91.5\n");
        assertTrue(message(List.of(dir.resolve("nope.csv").toString()), "acc", "acc").contains("no such file: " + dir.resolve("nope.csv")));
        assertTrue(message(List.of(good), "accuracy", "acc").contains("column 'accuracy' is in none of evaluator.tabular.tables"));
        String noArch = csv(dir, "noarch.csv", "arch,acc\nx,1\n");
        assertTrue(message(List.of(noArch), "acc", "acc").contains("has no 'arch_str' column"));
        String badArch = csv(dir, "badarch.csv", "arch_str,acc\n|conv_7x7~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n");
        assertTrue(message(List.of(badArch), "acc", "acc").contains("unknown operation in token 'conv_7x7~0'"));
        String text = csv(dir, "text.csv", "arch_str,acc\n" + CELL + ",ninety\n");
        assertTrue(message(List.of(text), "acc", "acc").contains("non-numeric value 'ninety'"));
        String dup = csv(dir, "dup.csv", "arch_str,acc\n" + CELL + ",91\n" + CELL + ",92\n");
        assertTrue(message(List.of(dup), "acc", "acc").contains("duplicate rows for architecture " + CELL));
        String ragged = csv(dir, "ragged.csv", "arch_str,acc\n" + CELL + ",91,extra,cells\n");
        assertTrue(message(List.of(ragged), "acc", "acc").contains("ragged.csv is not a readable CSV file"));
        String empty = csv(dir, "empty.csv", "");
        assertTrue(message(List.of(empty), "acc", "acc").contains("empty.csv"));
        assertTrue(message(List.of(), "acc", "acc").contains("'evaluator.tabular.tables' is empty"));
    }

    @Test
    void aSeedColumnInTwoTablesJoinsOnBoth(@TempDir Path dir) throws IOException {
        String val = csv(dir, "val.csv", "arch_str,seed,val\n" + CELL + ",1,80\n" + CELL + ",2,82\n");
        String test = csv(dir, "test.csv", "arch_str,seed,test\n" + CELL + ",1,70\n" + CELL + ",2,74\n");
        TabularData data = load(List.of(val, test), "val", "test");
        assertEquals(2, data.get(CELL).seeds().length);
        assertEquals(72.0, data.get(CELL).report(), 1e-12);
    }
}
