package io.sparknas.evaluation.dl4j;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One NB201 network (NAS-Bench-201's own skeleton, C = 16, 5 cells per stage) trained for one epoch
 * on 10,000 Fashion-MNIST images on ND4J's CUDA backend; prints images/s. Needs a GPU and the CUDA
 * build: {@code mvn -B -ntp -P cuda test -pl evaluation -am -Dtest=CudaTrainingTest
 * -Dtest.excluded.groups=benchmark -Dsurefire.failIfNoSpecifiedTests=false} (with
 * {@code dataset-fashion-mnist} installed).
 */
@Tag("gpu")
class CudaTrainingTest {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void trainsOneNb201NetworkOnTheGpu() {
        assertEquals("CUDA", Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"),
                "ND4J's backend: build with -P cuda");
        assertTrue(Files.isRegularFile(FASHION.resolve("train-images-idx3-ubyte.gz")), "apt-get install dataset-fashion-mnist");
        Nb201Space space = new Nb201Space();
        DatasetSource data = new DatasetSource(FASHION.toString(), DatasetSource.Format.FASHION_MNIST, 10_000, 0.2, 0);
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.SGD_MOMENTUM, 0.1, 0.9, true, 1, 256, 5e-4, 0);
        Dl4jTrainingEvaluator evaluator = new Dl4jTrainingEvaluator(new NetworkFactory(space, 16, 5), data, recipe);
        Candidate candidate = Candidate.of(space,
                space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        evaluator.evaluate(List.of(candidate)); // warm-up: CUDA context, kernels
        EvaluationResult result = evaluator.evaluate(List.of(candidate)).get(0);
        assertTrue(result.isOk(), result.reason());
        System.out.printf("CUDA: NB201 C=16 N=5 on 1x28x28, batch 256: %.0f images/s training, val_acc %.1f%%%n",
                result.metrics().get("train_images_per_s"), result.metrics().get("val_acc"));
        assertTrue(result.metrics().get("val_acc") > 50, result.metrics().toString());
    }
}
