package io.sparknas.evaluation.dl4j;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.StripesIdx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jTrainingEvaluatorTest {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final int SIZE = 16;
    private static final int IMAGES = 240;

    @TempDir
    static Path dir;

    /** 240 stripe images ({@link StripesIdx}): only the orientation separates the two classes. */
    @BeforeAll
    static void writeStripes() throws IOException {
        StripesIdx.write(dir, IMAGES, SIZE, 3);
    }

    private static DatasetSource stripes() {
        return new DatasetSource(dir.toString(), DatasetSource.Format.FASHION_MNIST, 0, 0.25, 1);
    }

    private static Candidate candidate(String cell) {
        return Candidate.of(SPACE, SPACE.parse(cell));
    }

    @Test
    void aTinyNetworkLearnsSeparableStripes() throws Exception {
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, 0.01, 0, true, 4, 30, 1e-4, 7);
        Evaluator evaluator = roundTrip(new Dl4jTrainingEvaluator(new NetworkFactory(SPACE, 8, 1), stripes(), recipe));
        assertEquals("4ep", evaluator.fidelity());
        List<EvaluationResult> results = evaluator.evaluate(List.of(
                candidate("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|")));
        EvaluationResult result = results.get(0);
        assertTrue(result.isOk(), result.reason());
        System.out.printf("stripes, NB201 C=8 N=1 16x16: val_acc %.1f%%, train_loss %.3f, %.0f params, %.0f images/s, %.1f s%n",
                result.metrics().get("val_acc"), result.metrics().get("train_loss"), result.metrics().get("params"),
                result.metrics().get("train_images_per_s"), result.wallTimeS());
        assertTrue(result.metrics().get("val_acc") >= 85, "well above the 50% of chance: " + result.metrics());
        assertTrue(result.metrics().get("loss_epoch_4") < result.metrics().get("loss_epoch_1"), result.metrics().toString());
    }

    @Test
    void anAbsurdLearningRateIsAFailedRowNotAnException() {
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.SGD_MOMENTUM, 1e30, 0.9, false, 2, 30, 0, 7);
        Evaluator evaluator = new Dl4jTrainingEvaluator(new NetworkFactory(SPACE, 8, 1), stripes(), recipe);
        List<EvaluationResult> results = evaluator.evaluate(List.of(
                candidate("|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"),
                candidate("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")));
        EvaluationResult diverged = results.get(0);
        assertEquals(EvaluationResult.Status.FAILED, diverged.status());
        assertTrue(diverged.reason().startsWith("diverged: loss is "), diverged.reason());
        assertTrue(diverged.reason().contains(" at epoch "), diverged.reason());
        assertEquals(2, results.size(), "the batch goes on after a failure");
    }

    @Test
    void aMissingDatasetIsAFailedRowNamingThePath() {
        TrainingRecipe recipe = TrainingRecipe.nb201(1, 0);
        DatasetSource missing = new DatasetSource(dir.resolve("absent").toString(), DatasetSource.Format.CIFAR10, 0, 0.5, 1);
        EvaluationResult result = new Dl4jTrainingEvaluator(new NetworkFactory(SPACE, 8, 1), missing, recipe)
                .evaluate(List.of(candidate("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"))).get(0);
        assertEquals(EvaluationResult.Status.FAILED, result.status());
        assertTrue(result.reason().contains("absent"), result.reason());
    }

    private static Evaluator roundTrip(Evaluator evaluator) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(evaluator);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Evaluator) in.readObject();
        }
    }
}
