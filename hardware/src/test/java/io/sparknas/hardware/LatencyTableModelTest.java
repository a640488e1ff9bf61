package io.sparknas.hardware;

import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyTableModelTest {
    private static final Nb201Space SPACE = new Nb201Space();
    /** A made-up device: 2 ms of fixed cost plus a price per op, wherever it sits. */
    private static final Map<String, Double> OP_MS = Map.of(
            "none", 0.05, "skip_connect", 0.0, "nor_conv_1x1", 0.3, "nor_conv_3x3", 0.7, "avg_pool_3x3", 0.2);

    private static double syntheticMs(Nb201Cell cell) {
        double ms = 2.0;
        for (int edge = 0; edge < 6; edge++) {
            ms += OP_MS.get(cell.op(edge));
        }
        return ms;
    }

    private static List<Nb201Cell> randomCells(int n, long seed) {
        Random rng = new Random(seed);
        List<Nb201Cell> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cells.add(SPACE.decode(SPACE.sample(rng)));
        }
        return cells;
    }

    @Test
    void opCountsRecoverAnAdditiveDeviceFromFewRows() {
        assertExactFit(LatencyFeatures.OP_COUNTS, 20);
    }

    @Test
    void perEdgeOpsRecoverAnAdditiveDeviceGivenEnoughRows() {
        assertExactFit(LatencyFeatures.PER_EDGE_OPS, 400);
    }

    private static void assertExactFit(LatencyFeatures features, int rows) {
        List<Nb201Cell> train = randomCells(rows, 1);
        double[] ms = train.stream().mapToDouble(LatencyTableModelTest::syntheticMs).toArray();
        var model = LatencyTableModel.fit("lat_ms_fake_1", train, ms, 0.0, features);
        for (Nb201Cell cell : randomCells(200, 2)) {
            assertEquals(syntheticMs(cell), model.predict(cell), 1e-9, cell + " with " + features);
        }
    }

    @Test
    void ridgeShrinksTowardsTheMean() {
        List<Nb201Cell> train = randomCells(50, 4);
        double[] ms = train.stream().mapToDouble(LatencyTableModelTest::syntheticMs).toArray();
        var cheap = CsvTable.cell("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");
        var expensive = CsvTable.cell("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        double exactSpread = syntheticMs(expensive) - syntheticMs(cheap);
        var loose = LatencyTableModel.fit("d", train, ms, 1.0);
        var tight = LatencyTableModel.fit("d", train, ms, 1e4);
        double looseSpread = loose.predict(expensive) - loose.predict(cheap);
        double tightSpread = tight.predict(expensive) - tight.predict(cheap);
        assertTrue(looseSpread > 0.9 * exactSpread && looseSpread <= exactSpread + 1e-9, "spread " + looseSpread);
        assertTrue(tightSpread < 0.2 * exactSpread, "spread " + tightSpread);
    }

    @Test
    void isImmutableAndRecordsItsProvenance() throws Exception {
        List<Nb201Cell> train = new ArrayList<>(randomCells(30, 5));
        double[] ms = train.stream().mapToDouble(LatencyTableModelTest::syntheticMs).toArray();
        var model = LatencyTableModel.fit("lat_ms_titan_rtx_256", train, ms);
        var probe = CsvTable.cell("|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
        double before = model.predict(probe);
        ms[0] = 1e6;
        train.clear();
        assertEquals(before, model.predict(probe));
        assertEquals("lat_ms_titan_rtx_256", model.name());
        assertEquals(30, model.nTrain());
        assertEquals(LatencyTableModel.DEFAULT_LAMBDA, model.lambda());
        assertEquals(LatencyFeatures.OP_COUNTS, model.features());
        assertEquals(before, model.cost(probe));

        CostModel copy = Nb201CostsTest.roundTrip(model);
        assertEquals(before, copy.cost(probe));
        assertEquals("lat_ms_titan_rtx_256", copy.name());
    }

    @Test
    void rejectsBadTables() {
        List<Nb201Cell> two = randomCells(2, 6);
        assertMessage("2 cells but 3 latencies", () -> LatencyTableModel.fit("d", two, new double[] {1, 2, 3}));
        assertMessage("at least one", () -> LatencyTableModel.fit("d", List.of(), new double[0]));
        assertMessage("blank", () -> LatencyTableModel.fit(" ", two, new double[] {1, 2}));
        assertMessage("row 1", () -> LatencyTableModel.fit("d", two, new double[] {1, Double.NaN}));
        assertMessage("row 0", () -> LatencyTableModel.fit("d", two, new double[] {0, 2}));
        assertMessage("lambda", () -> LatencyTableModel.fit("d", two, new double[] {1, 2}, -1));
        assertMessage("singular", () -> LatencyTableModel.fit("d", two, new double[] {1, 2}, 0.0));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
