package io.sparknas.predictor.xgboost;

import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.population.Architecture;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.bench.PredictorBench;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.MobileNetFeatures;
import io.sparknas.predictor.testing.Nb201Truth;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The booster's trees read into Java, against XGBoost's own predictions. */
class XgboostTreesTest {

    @Test
    void javaTreesPredictWhatXgboostPredictsOnNb201() {
        PredictorBench.Split split = PredictorBench.Split.sample(Nb201Truth.meanValidationAccuracy(), 100, 42);
        XgboostPredictor predictor = Nb201Predictors.xgboost().fit(split.train(), 7);
        assertMatchesNative(predictor, split.testArchitectures().subList(0, 3000));
    }

    @Test
    void javaTreesPredictWhatXgboostPredictsOnTheMacroSpace() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        XgboostPredictor predictor = macroModel(space);
        assertMatchesNative(predictor, sample(space, 3000, 2));
    }

    @Test
    void boundedScoringFindsTheBestRowWhileVisitingFewerTrees() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        assertBoundedFindsTheBest(macroModel(space), sample(space, 20000, 3));
    }

    @Test
    void deepTreesWithLeavesAtManyDepthsScoreAsXgboostDoes() {
        // depth 12 on 2,000 rows gives trees with leaves from near the root to the bottom: every walk takes
        // the deepest leaf's number of steps, and those that reach a leaf early stay on it
        MobileNetSpace space = MobileNetSpace.cifar(10);
        XgboostPredictor predictor = macroModel(space, XgboostSettings.DEFAULTS.withMaxDepth(12));
        assertMatchesNative(predictor, sample(space, 3000, 2));
        assertBoundedFindsTheBest(predictor, sample(space, 5000, 3));
    }

    private static void assertBoundedFindsTheBest(XgboostPredictor predictor, List<Architecture> rows) {
        XgboostTrees trees = predictor.trees();
        int width = predictor.featurizer().dimension();
        float[] matrix = FeatureMatrix.of(predictor.featurizer(), rows);
        double[] full = new double[rows.size()];
        int bestRow = 0;
        for (int row = 0; row < rows.size(); row++) {
            full[row] = trees.predict(matrix, row * width);
            bestRow = full[row] > full[bestRow] ? row : bestRow;
        }
        // batches of uneven sizes, as a task's last batch is, each against the best of those before
        XgboostTrees.Bounded bounded = trees.bounded();
        double best = Double.NEGATIVE_INFINITY;
        int boundedRow = -1;
        int predictedInFull = 0;
        for (int first = 0; first < rows.size(); first += 1000 + first % 7) {
            int count = Math.min(1000 + first % 7, rows.size() - first);
            float[] batch = Arrays.copyOfRange(matrix, first * width, (first + count) * width);
            double[] out = new double[count];
            double running = bounded.bestAbove(batch, count, width, best, out);
            for (int row = 0; row < count; row++) {
                if (out[row] != Double.NEGATIVE_INFINITY) {
                    assertEquals(full[first + row], out[row], 0.0, "a row predicted in full gets its full prediction");
                    predictedInFull++;
                }
                if (out[row] > best) {
                    best = out[row];
                    boundedRow = first + row;
                }
            }
            assertEquals(best, running, 0.0, "the returned running best");
        }
        assertEquals(bestRow, boundedRow);
        assertEquals(full[bestRow], best, 0.0);
        assertEquals(rows.size(), bounded.rows());
        double perRow = (double) bounded.treesVisited() / rows.size();
        System.out.printf("bounded scoring: %.1f of %d trees per row, %d of %d rows in full%n", perRow, trees.trees(),
                predictedInFull, rows.size());
        assertTrue(perRow < trees.trees() / 2.0, perRow + " trees per row of " + trees.trees());
        assertTrue(predictedInFull < rows.size() / 10, predictedInFull + " rows predicted in full");
    }

    @Test
    void rejectsWhatIsNotAJsonTreeModel() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> XgboostTrees.fromJson("not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(garbage.getMessage().startsWith("not an XGBoost JSON model"), garbage.getMessage());
        String logistic = "{\"learner\":{\"objective\":{\"name\":\"binary:logistic\"},\"gradient_booster\":{\"name\":\"gbtree\"}}}";
        IllegalArgumentException link = assertThrows(IllegalArgumentException.class,
                () -> XgboostTrees.fromJson(logistic.getBytes(StandardCharsets.UTF_8)));
        assertEquals("tree scoring needs a gbtree booster with objective reg:squarederror, got gbtree with "
                + "binary:logistic", link.getMessage());
    }

    private static void assertMatchesNative(XgboostPredictor predictor, List<? extends Architecture> architectures) {
        XgboostTrees trees = predictor.trees();
        assertEquals(XgboostSettings.DEFAULTS.rounds(), trees.trees());
        double[] expected = predictor.predictAll(architectures);
        int width = predictor.featurizer().dimension();
        float[] matrix = FeatureMatrix.of(predictor.featurizer(), architectures);
        double spread = 0;
        for (int row = 0; row < architectures.size(); row++) {
            double actual = trees.predict(matrix, row * width);
            // XGBoost sums in single precision, these arrays in double
            assertEquals(expected[row], actual, 1e-5 * (1 + Math.abs(expected[row])), "row " + row);
            spread = Math.max(spread, Math.abs(expected[row] - expected[0]));
        }
        assertTrue(spread > 0.1, "the predictions should differ, spread " + spread);
    }

    /** Log10 activation memory, as the throughput benchmark's predictor learns it. */
    private static XgboostPredictor macroModel(MobileNetSpace space) {
        return macroModel(space, XgboostSettings.DEFAULTS);
    }

    private static XgboostPredictor macroModel(MobileNetSpace space, XgboostSettings settings) {
        List<TrainingSet.Row> rows = new ArrayList<>();
        for (Architecture architecture : sample(space, 2000, 1)) {
            rows.add(new TrainingSet.Row(architecture,
                    Math.log10(MobileNetCosts.activationMemory((MobileNetArchitecture) architecture))));
        }
        return new XgboostTrainer(new MobileNetFeatures(space), settings)
                .fit(new TrainingSet("sampled", "log10_activations", rows), 0);
    }

    private static List<Architecture> sample(MobileNetSpace space, int count, long seed) {
        Random random = new Random(seed);
        List<Architecture> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(space.decode(space.sample(random)));
        }
        return out;
    }
}
