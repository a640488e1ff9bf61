package io.sparknas.jobs.bench.latency;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyBenchJobTest extends LocalSpark {
    private static final String HELP = "nb201-latency-help/nb201_latency_desktop_gpu.csv";

    private static LatencyBenchSummary bench(String... sets) {
        return LatencyBenchJob.run(spark(), NasConfig.load(null, List.of(sets)), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void theLearntModelRanksHeldOutCellsBetterThanFlops() {
        LatencyBenchSummary summary = bench("latency.tables=[\"" + SharedBenchmarks.file(HELP) + "\"]",
                "latency.columns=[lat_ms_titan_rtx_256, lat_ms_1080ti_1]", "latency.samples=100", "latency.seeds=2");
        List<LatencyColumnSummary> summaries = summary.columns();
        assertEquals(2, summaries.size());
        for (LatencyColumnSummary s : summaries) {
            assertEquals(15_525, s.nTest());
            assertTrue(s.modelSpearman() > s.flopsSpearman(), s.toString());
            assertTrue(s.modelSpearman() > 0.97, s.toString());
            assertTrue(s.modelKendall() > 0.85 && s.modelKendall() < s.modelSpearman(), s.toString());
        }
        // FLOPs rank titan_rtx at batch 256 well (HELP: 0.95), batch 1 poorly: the data says so too
        assertEquals(0.986, summaries.get(0).flopsSpearman(), 0.01);
        assertTrue(summaries.get(1).flopsSpearman() < 0.85);
        assertEquals((summaries.get(0).modelSpearman() + summaries.get(1).modelSpearman()) / 2, summary.mean().modelSpearman(), 1e-12);
        assertEquals(null, summary.mean().priorSpearman()); // no prior tables, no prior figures
    }

    /**
     * HELP's few-shot setting, leave one device out: 10 measured cells of a device, the other 14 columns of the
     * same file as the prior, ranks the other 15,615 cells better than the same 10 cells without the prior
     * (the two devices the prior helps least in FewShotLatencyModelHelpTest).
     */
    @Test
    void otherDevicesAsThePriorRankTenShotLatencyBetterThanTheCellsAlone() {
        String help = "[\"" + SharedBenchmarks.file(HELP) + "\"]";
        LatencyBenchSummary summary = bench("latency.tables=" + help, "latency.prior-tables=" + help,
                "latency.columns=[lat_ms_2080ti_1, lat_ms_titanxp_32]", "latency.samples=10", "latency.seeds=3");
        for (LatencyColumnSummary s : summary.columns()) {
            assertEquals(15_615, s.nTest());
            assertEquals(14, s.priorColumns().size(), s.toString());
            assertFalse(s.priorColumns().contains(s.column()), s.toString());
            assertTrue(s.priorSpearman() > 0.95, s.toString());
            assertTrue(s.priorSpearman() > s.modelSpearman() && s.priorKendall() > s.modelKendall(), s.toString());
            assertTrue(s.modelSpearman() > s.flopsSpearman(), s.toString());
        }
        assertTrue(summary.mean().priorSpearman() > summary.mean().modelSpearman() + 0.005, summary.mean().toString());
    }

    /**
     * The device's own column never reaches its prior: a device of pure noise in a table whose other devices are
     * clean functions of the cell stays unpredictable with that same table as the prior (a leak would rank it
     * perfectly), while a clean device is learnt from the prior.
     */
    @Test
    void aDeviceIsNeverInItsOwnPrior(@TempDir Path dir) throws IOException {
        Nb201Space space = new Nb201Space();
        Random rng = new Random(11);
        Map<String, Nb201Cell> cells = new LinkedHashMap<>();
        while (cells.size() < 400) {
            Nb201Cell cell = space.decode(space.sample(rng));
            cells.putIfAbsent(cell.format(), cell);
        }
        StringBuilder csv = new StringBuilder("arch_str,lat_ms_a,lat_ms_b,lat_ms_noise\n");
        for (Nb201Cell cell : cells.values()) {
            double convs = IntStream.range(0, 6).filter(e -> cell.op(e).startsWith("nor_conv")).count();
            double pools = IntStream.range(0, 6).filter(e -> cell.op(e).equals("avg_pool_3x3")).count();
            csv.append(cell.format()).append(',').append(2 + convs + 0.3 * pools).append(',')
                    .append((1 + 0.5 * convs + 0.2 * pools) * (1 + 0.01 * rng.nextGaussian())).append(',')
                    .append(1 + rng.nextDouble()).append('\n');
        }
        Path file = dir.resolve("devices.csv");
        Files.writeString(file, csv);
        String table = "[\"" + file + "\"]";
        LatencyBenchSummary summary = bench("latency.tables=" + table, "latency.prior-tables=" + table,
                "latency.samples=10", "latency.seeds=3");
        Map<String, LatencyColumnSummary> byColumn = new LinkedHashMap<>();
        summary.columns().forEach(s -> byColumn.put(s.column(), s));
        assertEquals(List.of("lat_ms_a", "lat_ms_b"), byColumn.get("lat_ms_noise").priorColumns());
        assertEquals(List.of("lat_ms_b", "lat_ms_noise"), byColumn.get("lat_ms_a").priorColumns());
        assertTrue(Math.abs(byColumn.get("lat_ms_noise").priorSpearman()) < 0.2, byColumn.get("lat_ms_noise").toString());
        assertTrue(byColumn.get("lat_ms_a").priorSpearman() > 0.9, byColumn.get("lat_ms_a").toString());
    }

    @Test
    void aMissingPriorTableOneWithoutDevicesOrArchitecturesInCommonIsBadInput(@TempDir Path dir) throws IOException {
        String tables = "latency.tables=[\"" + SharedBenchmarks.file(HELP) + "\"]";
        String column = "latency.columns=[lat_ms_1080ti_1]";
        Path missing = dir.resolve("missing.csv");
        assertBadInput(List.of("latency.prior-tables", "no such file", missing.toString()),
                tables, column, "latency.prior-tables=[\"" + missing + "\"]");
        Path noDevice = dir.resolve("none.csv");
        Files.writeString(noDevice, "arch_str,acc\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n");
        assertBadInput(List.of("latency.prior-tables", noDevice.toString(), "have no 'lat_ms_*' column"),
                tables, column, "latency.prior-tables=[\"" + noDevice + "\"]");
        Path onlyItself = dir.resolve("itself.csv");
        Files.writeString(onlyItself, "arch_str,lat_ms_1080ti_1\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n");
        assertBadInput(List.of("latency.prior-tables", onlyItself.toString(), "other than 'lat_ms_1080ti_1' itself"),
                tables, column, "latency.prior-tables=[\"" + onlyItself + "\"]");
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "arch_str,lat_ms_t\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n");
        Path elsewhere = dir.resolve("elsewhere.csv");
        Files.writeString(elsewhere, "arch_str,lat_ms_x\n|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|,1\n");
        assertBadInput(List.of("latency.prior-tables", elsewhere.toString(), "share no architecture with latency.tables"),
                "latency.tables=[\"" + one + "\"]", "latency.prior-tables=[\"" + elsewhere + "\"]");
    }

    private static void assertBadInput(List<String> expected, String... sets) {
        String message = assertThrows(BadInputException.class, () -> bench(sets)).getMessage();
        assertFalse(message.contains("\n"), message);
        for (String part : expected) {
            assertTrue(message.contains(part), "'" + part + "' not in: " + message);
        }
    }

    @Test
    void aDeviceColumnThatDoesNotExistOrBadLatenciesAreBadInput(@TempDir Path dir) throws IOException {
        String tables = "latency.tables=[\"" + SharedBenchmarks.file(HELP) + "\"]";
        var missing = assertThrows(BadInputException.class, () -> bench(tables, "latency.columns=[lat_ms_h100_1]"));
        assertTrue(missing.getMessage().contains("column 'lat_ms_h100_1' is in none of latency.tables"), missing.getMessage());
        Path noDevice = dir.resolve("none.csv");
        Files.writeString(noDevice, "arch_str,acc\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n");
        assertTrue(assertThrows(BadInputException.class, () -> bench("latency.tables=[\"" + noDevice + "\"]"))
                .getMessage().contains("have no 'lat_ms_*' column"));
        Path negative = dir.resolve("neg.csv");
        Files.writeString(negative, "arch_str,lat_ms_x\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,-1\n");
        assertTrue(assertThrows(BadInputException.class, () -> bench("latency.tables=[\"" + negative + "\"]"))
                .getMessage().contains("column 'lat_ms_x' has no finite positive latency"));
        assertTrue(assertThrows(BadInputException.class, () -> bench(tables, "latency.samples=20000"))
                .getMessage().contains("latency.samples"));
    }
}
