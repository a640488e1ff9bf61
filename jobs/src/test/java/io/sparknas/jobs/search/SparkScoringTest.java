package io.sparknas.jobs.search;

import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.Uncertain;
import io.sparknas.predictor.xgboost.XgboostSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkScoringTest extends LocalSpark {
    private static final Nb201Space SPACE = new Nb201Space();

    @Test
    void proposalsScoredOnTheExecutorsEqualThoseScoredOnTheDriver() {
        CheckpointableRandom rng = CheckpointableRandom.seeded(3);
        List<TrainingSet.Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Genome genome = SPACE.sample(rng);
            double convs = 0;
            for (int edge = 0; edge < 6; edge++) {
                convs += genome.get(edge) == 3 ? 1 : 0;
            }
            rows.add(new TrainingSet.Row(SPACE.decode(genome), 80 + 2 * convs + rng.nextGaussian()));
        }
        Predictor ensemble = Nb201Predictors.xgboostEnsemble().fit(new TrainingSet("test", "acc", rows), 7);
        List<Genome> proposals = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            proposals.add(SPACE.sample(rng));
        }
        List<Uncertain> onExecutors = new SparkScoring(spark()).score(ensemble, SPACE, proposals);
        List<Uncertain> onDriver = PredictorSurrogate.onDriver().score(ensemble, SPACE, proposals);
        assertEquals(200, onExecutors.size());
        for (int i = 0; i < proposals.size(); i++) {
            assertEquals(onDriver.get(i).mean(), onExecutors.get(i).mean(), 1e-9);
            assertEquals(onDriver.get(i).std(), onExecutors.get(i).std(), 1e-9);
        }
        assertTrue(onExecutors.stream().anyMatch(u -> u.std() > 0), "an ensemble reports its spread");
    }

    @Test
    void theMacroSpaceIsScoredOnTheExecutorsWithItsOwnFeaturizer() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        NasConfig config = NasConfig.load(null, List.of("search.space=mobilenet",
                "strategy.predictor-guided.predictor=xgboost-ensemble"));
        // the registry builds the predictor-guided strategy for the macro space (trainer per space)
        assertEquals("predictor-guided", Registry.strategy("predictor-guided", Registry.space(config, SearchJobSettings.SPACE),
                SearchJobSettings.goals(NasConfig.load(null, List.of("evaluator.tabular.objective=acc", "search.objectives=[\"acc:max\"]"))),
                config).name());
        CheckpointableRandom rng = CheckpointableRandom.seeded(4);
        List<TrainingSet.Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MobileNetArchitecture network = space.decode(space.sample(rng));
            rows.add(new TrainingSet.Row(network, Math.log10(MobileNetCosts.activationMemory(network))));
        }
        Predictor ensemble = PredictorKinds.byKind(space, "xgboost-ensemble", XgboostSettings.DEFAULTS).fit(new TrainingSet("test", "acts", rows), 7);
        List<Genome> proposals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            proposals.add(space.sample(rng));
        }
        List<Uncertain> onExecutors = new SparkScoring(spark()).score(ensemble, space, proposals);
        List<Uncertain> onDriver = PredictorSurrogate.onDriver().score(ensemble, space, proposals);
        for (int i = 0; i < proposals.size(); i++) {
            assertEquals(onDriver.get(i).mean(), onExecutors.get(i).mean(), 1e-9);
            assertEquals(onDriver.get(i).std(), onExecutors.get(i).std(), 1e-9);
        }
    }
}
