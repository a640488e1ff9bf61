package io.sparknas.predictor.features;

import io.sparknas.hardware.Nb201Costs;
import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.Nb201Predictors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturizerTest {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final String ALL_SKIP =
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";
    private static final String ALL_NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    private static final String MIXED =
            "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|";

    private static Nb201Cell cell(String text) {
        return SPACE.decode(SPACE.parse(text));
    }

    /** Names of the features that are non-zero. */
    private static List<String> active(Featurizer featurizer, String cell) {
        double[] values = featurizer.features(cell(cell));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
                names.add(featurizer.featureNames().get(i));
            }
        }
        return names;
    }

    @Test
    void dimensionsMatchNamesAndVectors() {
        List<Featurizer> all = List.of(new Nb201OneHot(), new Nb201PathEncoding(), CostFeatures.cifar10(),
                new Nb201OpCounts(), Nb201Predictors.defaultFeaturizer());
        int[] expected = {30, 100, 2, 6, 138};
        for (int i = 0; i < all.size(); i++) {
            Featurizer f = all.get(i);
            assertEquals(expected[i], f.dimension(), f.name());
            assertEquals(f.dimension(), f.featureNames().size(), f.name());
            assertEquals(f.dimension(), f.features(cell(MIXED)).length, f.name());
            assertEquals(f.dimension(), f.featureNames().stream().distinct().count(), f.name() + " names unique");
        }
    }

    @Test
    void oneHotMarksTheOpOfEachEdge() {
        assertEquals(List.of("node1<-0=nor_conv_3x3", "node2<-0=none", "node2<-1=avg_pool_3x3",
                "node3<-0=skip_connect", "node3<-1=nor_conv_1x1", "node3<-2=none"), active(new Nb201OneHot(), MIXED));
        double[] v = new Nb201OneHot().features(cell(MIXED));
        assertEquals(1.0, v[0 * 5 + 3]); // edge 0 = nor_conv_3x3 (op index 3)
        assertEquals(1.0, v[4 * 5 + 2]); // edge 4 = nor_conv_1x1 (op index 2)
        assertEquals(6.0, java.util.Arrays.stream(v).sum());
    }

    @Test
    void pathEncodingOfAllSkipCellHasTheFourRoutes() {
        assertEquals(List.of("path:0>3:skip_connect", "path:0>1>3:skip_connect,skip_connect",
                        "path:0>2>3:skip_connect,skip_connect", "path:0>1>2>3:skip_connect,skip_connect,skip_connect"),
                active(new Nb201PathEncoding(), ALL_SKIP));
        double[] v = new Nb201PathEncoding().features(cell(ALL_SKIP));
        // skip is path op 0, so each route's first slot: offsets 0, 4, 20, 36.
        assertEquals(List.of(0, 4, 20, 36), indicesOfOnes(v));
    }

    @Test
    void pathEncodingDropsPathsThroughNoneAndOrdersOpsFromInput() {
        // 0>3 is skip; 0>1>3 is conv3x3 then conv1x1; 0>2>3 and 0>1>2>3 end in a none edge.
        assertEquals(List.of("path:0>3:skip_connect", "path:0>1>3:nor_conv_3x3,nor_conv_1x1"),
                active(new Nb201PathEncoding(), MIXED));
        assertEquals(List.of(), active(new Nb201PathEncoding(), ALL_NONE));
    }

    @Test
    void costFeaturesAreLog10OfTheAnalyticCounts() {
        Nb201Costs costs = Nb201Costs.cifar(10);
        Nb201Cell mixed = cell(MIXED);
        assertArrayEquals(new double[] {Math.log10(costs.params(mixed)), Math.log10(costs.flops(mixed))},
                CostFeatures.cifar10().features(mixed), 1e-12);
        double[] none = CostFeatures.cifar10().features(cell(ALL_NONE));
        double[] mixedCosts = CostFeatures.cifar10().features(mixed);
        assertTrue(mixedCosts[0] > none[0] && mixedCosts[1] > none[1], "convs add params and FLOPs");
    }

    @Test
    void opCountsAndDeepestConvPath() {
        // MIXED: none x2, skip, conv1x1, conv3x3, pool; deepest open path 0>1>3 has two convs.
        assertArrayEquals(new double[] {2, 1, 1, 1, 1, 2}, new Nb201OpCounts().features(cell(MIXED)));
        assertArrayEquals(new double[] {0, 6, 0, 0, 0, 0}, new Nb201OpCounts().features(cell(ALL_SKIP)));
    }

    @Test
    void liveEdgesMakeFunctionallyEqualCellsLookTheSame() {
        // Node 2 receives pool from node 1, but its only output edge (node3<-2) is none: a dead edge.
        Featurizer live = new Nb201LiveEdges(new Nb201OneHot());
        String sameWithoutDeadPool = "|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_1x1~1|none~2|";
        assertArrayEquals(live.features(cell(sameWithoutDeadPool)), live.features(cell(MIXED)));
        assertTrue(!java.util.Arrays.equals(new Nb201OneHot().features(cell(sameWithoutDeadPool)),
                new Nb201OneHot().features(cell(MIXED))));
        assertEquals("live(nb201-onehot)", live.name());
    }

    @Test
    void concatenationKeepsPartsInOrder() {
        ConcatFeaturizer both = ConcatFeaturizer.of(new Nb201OneHot(), CostFeatures.cifar10());
        double[] v = both.features(cell(MIXED));
        assertArrayEquals(new Nb201OneHot().features(cell(MIXED)), java.util.Arrays.copyOf(v, 30));
        assertArrayEquals(CostFeatures.cifar10().features(cell(MIXED)), java.util.Arrays.copyOfRange(v, 30, 32));
        assertEquals("nb201-onehot+nb201-costs", both.name());
        assertThrows(IllegalArgumentException.class, () -> new ConcatFeaturizer(List.of()));
    }

    @Test
    void otherSpacesAreRejectedWithTheirName() {
        Architecture foreign = new Architecture() {
            public String format() {
                return "macro:[3,5]";
            }

            public String canonicalKey() {
                return format();
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> new Nb201OneHot().features(foreign));
        assertTrue(e.getMessage().contains("NB201") && e.getMessage().contains("macro:[3,5]"), e.getMessage());
    }

    private static List<Integer> indicesOfOnes(double[] v) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 1.0) {
                out.add(i);
            }
        }
        return out;
    }
}
