package io.sparknas.evaluation;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.population.Objective;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessiveHalvingTest {
    private static final Nb201Space SPACE = new Nb201Space();

    @Test
    void promotesFloorOfNOverEtaAndAtLeastOne() {
        assertEquals(3, SuccessiveHalving.promoted(9, 3));
        assertEquals(2, SuccessiveHalving.promoted(8, 3));
        assertEquals(1, SuccessiveHalving.promoted(2, 3));
        assertEquals(0, SuccessiveHalving.promoted(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(List.of(), 3, Objective.maximize("a")));
    }

    @Test
    void realTrainingRungsPromoteTheBestAndLeaveFailuresBehind() {
        DatasetSource stripes = new DatasetSource(Dl4jStripes.folder().toString(), DatasetSource.Format.FASHION_MNIST, 0, 0.25, 1);
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, 0.01, 0, true, 1, 30, 1e-4, 7);
        Dl4jTrainingEvaluator oneEpoch = new Dl4jTrainingEvaluator(new NetworkFactory(SPACE, 4, 1), stripes, recipe);
        SuccessiveHalving halving = new SuccessiveHalving(List.of(oneEpoch, oneEpoch.withEpochs(2)), 2, Objective.maximize("val_acc"));
        List<Candidate> candidates = IntStream.range(0, 4).mapToObj(i -> Candidate.of(SPACE, SPACE.sample(new java.util.Random(i))))
                .toList();
        List<String> fidelities = new ArrayList<>();
        List<List<EvaluationResult>> rungs = halving.run(candidates, (rung, evaluator, batch) -> {
            fidelities.add(evaluator.fidelity() + ":" + batch.size());
            return evaluator.evaluate(batch);
        });
        assertEquals(List.of("1ep:4", "2ep:2"), fidelities);
        List<Candidate> expected = rungs.get(0).stream().filter(EvaluationResult::isOk)
                .sorted(java.util.Comparator.<EvaluationResult>comparingDouble(r -> -r.metrics().get("val_acc"))
                        .thenComparing(r -> r.candidate().canonicalKey()))
                .limit(2).map(EvaluationResult::candidate).toList();
        assertEquals(expected, rungs.get(1).stream().map(EvaluationResult::candidate).toList());
        assertTrue(rungs.get(1).stream().allMatch(r -> r.metrics().containsKey("loss_epoch_2")), "second rung trains 2 epochs");

        EvaluationResult failed = EvaluationResult.failed(candidates.get(0), "x", 0, 0);
        EvaluationResult ok = EvaluationResult.ok(candidates.get(1), Map.of("val_acc", 10.0), 0, 0);
        assertEquals(List.of(candidates.get(1)), halving.best(List.of(failed, ok), 2), "failed rows are never promoted");
    }
}
