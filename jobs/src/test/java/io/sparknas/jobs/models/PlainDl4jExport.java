package io.sparknas.jobs.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * What a user of an export does, with nothing of sparknas: DL4J / ND4J, Jackson and a few lines of IDX parsing.
 * Reads {@code model.zip} and {@code recipe.json} of an export folder and measures the test accuracy on a
 * Fashion-MNIST-layout folder's {@code t10k-*} files. (A test holds this file to its imports: no sparknas class.)
 */
final class PlainDl4jExport {
    private PlainDl4jExport() {
    }

    /** Correct and total over the whole t10k split. */
    record Accuracy(int correct, int total) {
        double percent() {
            return 100.0 * ((double) correct / total);
        }
    }

    /** {@code PlainDl4jExport EXPORT_FOLDER DATASET_FOLDER}: prints the export's accuracy on the t10k files. */
    public static void main(String[] args) throws IOException {
        Accuracy accuracy = testAccuracy(Path.of(args[0]), Path.of(args[1]));
        System.out.printf("plain DL4J: %d of %d t10k images correct = %.2f%%%n", accuracy.correct(), accuracy.total(),
                accuracy.percent());
    }

    static Accuracy testAccuracy(Path export, Path dataset) throws IOException {
        JsonNode recipe = new ObjectMapper().readTree(export.resolve("recipe.json").toFile());
        ComputationGraph network = ModelSerializer.restoreComputationGraph(export.resolve("model.zip").toFile());
        JsonNode norm = recipe.path("normalisation");
        double mean = norm.path("means").get(0).asDouble();
        double std = norm.path("stds").get(0).asDouble();
        int batchSize = recipe.path("eval_batch_size").asInt();

        int count;
        int height;
        int width;
        byte[] pixels;
        try (DataInputStream in = idx(dataset.resolve("t10k-images-idx3-ubyte.gz"), 0x803)) {
            count = in.readInt();
            height = in.readInt();
            width = in.readInt();
            pixels = in.readNBytes(count * height * width);
        }
        byte[] labels;
        try (DataInputStream in = idx(dataset.resolve("t10k-labels-idx1-ubyte.gz"), 0x801)) {
            labels = in.readNBytes(in.readInt());
        }
        int plane = height * width;
        int correct = 0;
        for (int from = 0; from < count; from += batchSize) {
            int n = Math.min(batchSize, count - from);
            float[] x = new float[n * plane];
            for (int i = 0; i < x.length; i++) {
                float p = (pixels[from * plane + i] & 0xff) / 255f;
                x[i] = (float) ((p - mean) / (std > 0 ? std : 1));
            }
            INDArray input = Nd4j.create(x, new long[] {n, 1, height, width}, 'c');
            INDArray predicted = network.outputSingle(false, input).argMax(1);
            for (int i = 0; i < n; i++) {
                if (predicted.getInt(i) == (labels[from + i] & 0xff)) {
                    correct++;
                }
            }
        }
        return new Accuracy(correct, count);
    }

    private static DataInputStream idx(Path file, int magic) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)));
        if (in.readInt() != magic) {
            in.close();
            throw new IOException(file + " is not an IDX file with magic " + Integer.toHexString(magic));
        }
        return in;
    }
}
