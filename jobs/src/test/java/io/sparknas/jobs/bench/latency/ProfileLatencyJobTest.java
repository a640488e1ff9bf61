package io.sparknas.jobs.bench.latency;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.space.Nb201Space;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void moreFitCellsThanCellsIsBadInput(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> profile(dir, "profile-latency.fit-cells=6"));
        assertTrue(e.getMessage().contains("profile-latency.fit-cells"), e.getMessage());
    }
}
