package io.sparknas.predictor;

import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.population.Architecture;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.ensemble.EnsemblePredictor;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one name → trainer registry: what it lists is what it builds, and nothing else. */
class PredictorKindsTest {
    private static final List<SearchSpace> SPACES = List.of(new Nb201Space(), MobileNetSpace.cifar(10),
            MobileNetSpace.imagenet(1000));

    @Test
    void theRegisteredNamesPerSpace() {
        assertEquals(Map.of(
                        "nb201", List.of("xgboost", "xgboost-ensemble", "mlp", "mlp-pretrained", "gcn"),
                        "mobilenet", List.of("xgboost", "xgboost-ensemble")),
                PredictorKinds.NAMES_BY_SPACE);
        for (SearchSpace space : SPACES) {
            assertEquals(PredictorKinds.NAMES_BY_SPACE.get(space.name()), PredictorKinds.names(space));
        }
    }

    @Test
    void everyListedNameBuildsATrainerOfThatKindForItsSpace() {
        for (SearchSpace space : SPACES) {
            for (String kind : PredictorKinds.names(space)) {
                PredictorTrainer trainer = PredictorKinds.byKind(space, kind, XgboostSettings.DEFAULTS);
                assertEquals(kind, trainer.kind(), space.name() + " " + kind);
            }
        }
    }

    @Test
    void theXgboostKindsFitTheirSpacesArchitecturesWithTheGivenBoosterShape() {
        XgboostSettings small = XgboostSettings.DEFAULTS.withRounds(20);
        for (SearchSpace space : SPACES) {
            XgboostTrainer single = (XgboostTrainer) PredictorKinds.byKind(space, PredictorKinds.XGBOOST, small);
            assertEquals(20, single.settings().rounds());
            TrainingSet rows = logParams(space, 60, 3);
            Predictor fitted = single.fit(rows, 1);
            assertEquals(rows.size(), fitted.predictAll(rows.architectures()).length);
            double tau = RankMetrics.kendallTau(fitted.predictAll(rows.architectures()), rows.values());
            assertTrue(tau > 0.5, space.name() + ": the featurizer should see what sets the size, tau " + tau);

            Predictor ensemble = PredictorKinds.byKind(space, PredictorKinds.XGBOOST_ENSEMBLE, small).fit(rows, 1);
            assertEquals(Nb201Predictors.ENSEMBLE_MEMBERS, ((EnsemblePredictor) ensemble).members().size());
            assertEquals(fitted.featurizer().name(), ensemble.featurizer().name());
        }
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKnownOnes() {
        for (SearchSpace space : SPACES) {
            for (String unknown : new String[] {"gnn", "XGBoost", ""}) {
                var e = assertThrows(IllegalArgumentException.class,
                        () -> PredictorKinds.byKind(space, unknown, XgboostSettings.DEFAULTS));
                assertTrue(e.getMessage().startsWith("unknown predictor kind '" + unknown + "'"), e.getMessage());
                assertTrue(e.getMessage().endsWith("(known: " + String.join(", ", PredictorKinds.names(space)) + ")"),
                        e.getMessage());
            }
        }
        var nullKind = assertThrows(IllegalArgumentException.class,
                () -> PredictorKinds.byKind(new Nb201Space(), null, XgboostSettings.DEFAULTS));
        assertTrue(nullKind.getMessage().startsWith("unknown predictor kind 'null'"), nullKind.getMessage());
    }

    @Test
    void aKindOfAnotherSpaceIsRefusedNamingTheSpace() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PredictorKinds.byKind(MobileNetSpace.cifar(10), PredictorKinds.GCN, XgboostSettings.DEFAULTS));
        assertEquals("unknown predictor kind 'gcn' for the mobilenet space (known: xgboost, xgboost-ensemble)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PredictorKinds.byKind(null, "xgboost", XgboostSettings.DEFAULTS));
    }

    /** Sampled architectures labelled with log10 of their analytic parameter count. */
    private static TrainingSet logParams(SearchSpace space, int count, long seed) {
        Random random = new Random(seed);
        Nb201Costs nb201 = Nb201Costs.cifar(10);
        List<TrainingSet.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Architecture architecture = space.decode(space.sample(random));
            double params = architecture instanceof Nb201Cell cell ? nb201.params(cell)
                    : MobileNetCosts.params((MobileNetArchitecture) architecture);
            rows.add(new TrainingSet.Row(architecture, Math.log10(params)));
        }
        return new TrainingSet("sampled " + space.name(), "log10_params", rows);
    }
}
