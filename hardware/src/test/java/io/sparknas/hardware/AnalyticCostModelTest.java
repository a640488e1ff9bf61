package io.sparknas.hardware;

import io.sparknas.population.Architecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyticCostModelTest {
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @Test
    void namedModelsPriceTheCellLikeNb201Costs() {
        var cell = CsvTable.cell(CELL);
        var costs = Nb201Costs.cifar(10);
        assertEquals(costs.params(cell), AnalyticCostModel.forName("params", 10).cost(cell));
        assertEquals(costs.flops(cell), AnalyticCostModel.forName("flops", 10).cost(cell));
        assertEquals(costs.activationMemory(cell), AnalyticCostModel.forName("activations", 10).cost(cell));
        // reference row 1 of nb201_arch_costs_cifar.csv
        assertEquals(802_426, AnalyticCostModel.forName("params", 10).cost(cell));
        assertEquals(115_271_936, AnalyticCostModel.forName("flops", 100).cost(cell));
    }

    @Test
    void namesAreTheColumnNames() {
        for (String name : List.of("params", "flops", "activations")) {
            assertEquals(name, AnalyticCostModel.forName(name, 10).name());
        }
        assertEquals(100, AnalyticCostModel.forName("flops", 100).costs().classes());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> AnalyticCostModel.forName("macs", 10));
        assertTrue(e.getMessage().contains("'macs'"), e.getMessage());
        assertTrue(e.getMessage().contains("params, flops, activations"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnalyticCostModel.forName("Params", 10));
    }

    @Test
    void refusesArchitecturesOfOtherSpaces() {
        Architecture foreign = new Architecture() {
            @Override
            public String format() {
                return "mbv2:k3e6";
            }

            @Override
            public String canonicalKey() {
                return "mbv2:k3e6";
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> AnalyticCostModel.forName("flops", 10).cost(foreign));
        assertTrue(e.getMessage().contains("NB201") && e.getMessage().contains("mbv2:k3e6"), e.getMessage());
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        var cell = CsvTable.cell(CELL);
        var model = AnalyticCostModel.forName("flops", 100);
        CostModel copy = Nb201CostsTest.roundTrip(model);
        assertEquals("flops", copy.name());
        assertEquals(model.cost(cell), copy.cost(cell));
    }
}
