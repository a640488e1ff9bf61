package io.sparknas.jobs.bench.latency;

import io.sparknas.evaluation.latency.LatencyProfiler;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLatencyJobTest extends LocalSpark {

    private static List<MeasuredDeviceSummary> profile(Path store, String... sets) {
        List<String> all = new ArrayList<>(List.of("store.path=\"" + store + "\"", "profile-latency.stem-channels=4",
                "profile-latency.cells-per-stage=1", "profile-latency.cells=6", "profile-latency.fit-cells=4",
                "profile-latency.batch-sizes=[1,2]", "profile-latency.warmup=1", "profile-latency.repeats=3"));
        all.addAll(List.of(sets));
        return ProfileLatencyJob.run(spark(), NasConfig.load(null, all), new PrintStream(new ByteArrayOutputStream()));
    }

    /**
     * Measured rows land in hardware_costs keyed (canonical_key, device), once per key however often
     * the job runs, and the latency model is fitted on rows read back from the table.
     */
    @Test
    void measuredLatenciesAreMergedIntoHardwareCostsAndALatencyModelLearnsFromThem(@TempDir Path dir) {
        List<MeasuredDeviceSummary> summaries = profile(dir);
        assertEquals(2, summaries.size());
        for (MeasuredDeviceSummary s : summaries) {
            assertTrue(s.device().matches("cpu-[a-z0-9-]+-b[12]"), s.device());
            assertEquals(6, s.measuredRows());
            assertEquals(4, s.nTrain());
            assertEquals(2, s.nTest());
            assertTrue(s.medianLatencyMs() > 0, s.toString());
        }
        ResultStore store = new ResultStore(spark(), dir.toString());
        List<Row> rows = store.read(Tables.HARDWARE_COSTS).collectAsList();
        assertEquals(12, rows.size());
        Nb201Space space = new Nb201Space();
        for (Row row : rows) {
            assertEquals(ProfileLatencyJob.MEASURED, row.getAs(Columns.SOURCE));
            assertTrue(row.<Double>getAs(Columns.LATENCY_MS) > 0);
            assertEquals(space.decode(space.parse(row.getAs(Columns.ARCH))).canonicalKey(), row.getAs(Columns.CANONICAL_KEY));
        }
        Set<String> keys = rows.stream().map(r -> r.<String>getAs(Columns.CANONICAL_KEY)).collect(Collectors.toSet());
        assertEquals(6, keys.size());

        profile(dir); // the same cells again: MERGE updates, adds nothing
        assertEquals(12, store.read(Tables.HARDWARE_COSTS).count());
    }

    /** With both batch sizes named as the prior, each device's prior is the other one, never itself. */
    @Test
    void theOtherDevicesOfHardwareCostsAreThePriorOfTheProfiledOne(@TempDir Path dir) {
        String b1 = LatencyProfiler.device(1);
        String b2 = LatencyProfiler.device(2);
        List<MeasuredDeviceSummary> summaries = profile(dir, "profile-latency.prior-devices=[\"" + b1 + "\", \"" + b2 + "\"]");
        assertEquals(2, summaries.size());
        for (MeasuredDeviceSummary s : summaries) {
            assertEquals(List.of(s.device().equals(b1) ? b2 : b1), s.priorDevices(), s.toString());
            assertTrue(s.priorSpearman() >= -1 && s.priorSpearman() <= 1, s.toString());
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> profile(dir, "profile-latency.prior-devices=[gpu-that-is-not-there]"));
        assertTrue(e.getMessage().contains("profile-latency.prior-devices")
                && e.getMessage().contains("'gpu-that-is-not-there' has no latency in hardware_costs"), e.getMessage());
    }

    /**
     * fitAndRank on hardware_costs rows of real measurements (HELP's 2080 Ti at batch 1, 400 cells, 10 fitted):
     * the other 14 desktop-GPU columns as the prior rank the other 390 better than the 10 rows alone.
     */
    @Test
    void aPriorFromOtherDevicesBeatsTenRowsAlone() throws IOException {
        List<String> lines = Files.readAllLines(SharedBenchmarks.file("nb201-latency-help/nb201_latency_desktop_gpu.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        String target = "lat_ms_2080ti_1";
        Nb201Space space = new Nb201Space();
        List<Row> rows = new ArrayList<>();
        Map<String, Map<String, Double>> prior = new LinkedHashMap<>();
        header.stream().filter(c -> c.startsWith("lat_ms_")).forEach(c -> prior.put(c, new HashMap<>()));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String arch = f[header.indexOf("arch_str")];
            String key = arch; // unique per row, as hardware_costs' key is
            for (int c = 0; c < header.size(); c++) {
                if (prior.containsKey(header.get(c))) {
                    prior.get(header.get(c)).put(key, Double.parseDouble(f[c]));
                }
            }
            if (rows.size() < 400) {
                rows.add(new GenericRowWithSchema(new Object[] {key, target, Double.parseDouble(f[header.indexOf(target)]),
                        ProfileLatencyJob.MEASURED, arch, "driver", null}, Tables.HARDWARE_COSTS.schema()));
            }
        }
        MeasuredDeviceSummary s = ProfileLatencyJob.fitAndRank(space, Nb201Costs.cifar(10), target, rows, 10, 0, 0, prior);
        assertEquals(14, s.priorDevices().size());
        assertFalse(s.priorDevices().contains(target));
        assertEquals(390, s.nTest());
        assertTrue(s.priorSpearman() > 0.93 && s.priorSpearman() > s.modelSpearman() && s.modelSpearman() > s.flopsSpearman(),
                s.toString());
    }

    @Test
    void moreFitCellsThanCellsIsBadInput(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> profile(dir, "profile-latency.fit-cells=6"));
        assertTrue(e.getMessage().contains("profile-latency.fit-cells"), e.getMessage());
    }
}
