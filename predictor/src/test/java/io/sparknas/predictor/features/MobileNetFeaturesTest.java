package io.sparknas.predictor.features;

import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.population.Architecture;
import io.sparknas.population.Genome;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import io.sparknas.predictor.xgboost.XgboostSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The macro space's featurizer and an XGBoost predictor trained on it (its gene-level costs: hardware's MobileNetGenomeCostsTest). */
class MobileNetFeaturesTest {
    private static final MobileNetSpace CIFAR = MobileNetSpace.cifar(10);

    @Test
    void oneVectorPerCanonicalKeyAndTheLayoutItsNamesDescribe() {
        MobileNetFeatures features = new MobileNetFeatures(CIFAR);
        // 5 stages x (3 depths + 3 widths + 4 slots x (3 kernels + 3 expansions)) + blocks, log params, log flops
        assertEquals(5 * 30 + 3, features.dimension());
        assertEquals(features.dimension(), features.featureNames().size());
        Random random = new Random(2);
        Map<String, double[]> byKey = new HashMap<>();
        Map<String, String> keyOfVector = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            Genome genome = CIFAR.sample(random);
            int[] genes = genome.toArray();
            // mutate every inactive gene: the canonical key and so the vector must not change
            int[] shadow = genes.clone();
            for (int gene = 0; gene < genes.length; gene++) {
                if (!CIFAR.isActive(genome, gene)) {
                    shadow[gene] = (shadow[gene] + 1) % CIFAR.choices(gene);
                }
            }
            MobileNetArchitecture network = CIFAR.decode(genome);
            MobileNetArchitecture twin = CIFAR.decode(Genome.of(shadow));
            double[] vector = features.features(network);
            assertEquals(network.canonicalKey(), twin.canonicalKey());
            assertArrayEquals(vector, features.features(twin));
            byKey.put(network.canonicalKey(), vector);
            String previous = keyOfVector.put(Arrays.toString(vector), network.canonicalKey());
            assertTrue(previous == null || previous.equals(network.canonicalKey()), "two keys, one vector");

            assertEquals(network.blockCount(), vector[features.dimension() - 3]);
            assertEquals(Math.log10(MobileNetCosts.params(network)), vector[features.dimension() - 2], 1e-6);
            double ones = Arrays.stream(vector, 0, features.dimension() - 3).sum();
            assertEquals(5 * 2 + 2 * network.blockCount(), ones, 0.0, "one hot per stage gene and per active block gene");
        }
        assertFalse(byKey.isEmpty());
    }

    @Test
    void xgboostOnTheMacroFeaturesRanksUnseenArchitecturesByActivationMemory() {
        // A real, analytic target the features do not contain: activation memory (sum of layer outputs).
        Random random = new Random(3);
        List<TrainingSet.Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            MobileNetArchitecture network = CIFAR.decode(CIFAR.sample(random));
            rows.add(new TrainingSet.Row(network, Math.log10(MobileNetCosts.activationMemory(network))));
        }
        TrainingSet train = new TrainingSet("sampled mobilenet", "log10_activations", rows.subList(0, 1000));
        List<TrainingSet.Row> test = rows.subList(1000, rows.size());
        XgboostPredictor predictor = (XgboostPredictor) PredictorKinds.byKind(CIFAR, "xgboost", XgboostSettings.DEFAULTS).fit(train, 4);
        assertEquals(MobileNetFeatures.NAME, predictor.provenance().featurizer());
        List<Architecture> architectures = test.stream().map(TrainingSet.Row::architecture).toList();
        double[] predicted = predictor.predictAll(architectures);
        double tau = RankMetrics.kendallTau(predicted, test.stream().mapToDouble(TrainingSet.Row::value).toArray());
        System.out.printf("xgboost on %s, 1000 training architectures: Kendall tau %.3f on 2000 unseen (log activations)%n",
                MobileNetFeatures.NAME, tau);
        assertTrue(tau > 0.9, "Kendall tau " + tau);
    }
}
