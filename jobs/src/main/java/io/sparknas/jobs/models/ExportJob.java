package io.sparknas.jobs.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.OutputFolder;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code export} command: one row of {@code models} handed over as a folder a plain DL4J program can use —
 * {@code model.zip}, {@code genome.json}, {@code recipe.json} (copied from the model's folder under the store)
 * and {@code MODEL_CARD.md}. The folder must be new, empty, or an earlier export (which is replaced); anything
 * else is refused before anything is written.
 */
public final class ExportJob {
    static final OutputFolder.Kind KIND = new OutputFolder.Kind("model export", ModelFiles.MODEL,
            Pattern.compile("model\\.zip|genome\\.json|recipe\\.json|MODEL_CARD\\.md"));

    private ExportJob() {
    }

    /** Checks, writing nothing, that {@code out} may receive an export; true when it holds an earlier one. */
    public static boolean checkTarget(Path out) {
        Path target = out.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new BadInputException("export --out " + out + ": the file-system root cannot hold an export");
        }
        return OutputFolder.check(local(), new org.apache.hadoop.fs.Path(target.toString()), KIND, "export --out");
    }

    private static FileSystem local() {
        try {
            return FileSystem.getLocal(new Configuration()).getRaw(); // raw: no .crc files beside the export
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out, String modelId, Path target) {
        Names.check("--model-id", modelId);
        checkTarget(target);
        ResultStore store = new ResultStore(spark, StoreSettings.path(config)).checkExisting();
        if (!store.exists(Tables.MODELS)) {
            throw new BadInputException("--model-id " + modelId + ": store " + store.root()
                    + " holds no models yet (bin/nas train-final makes them)");
        }
        List<Row> rows = store.read(Tables.MODELS).filter(col(Columns.MODEL_ID).equalTo(modelId)).collectAsList();
        if (rows.isEmpty()) {
            throw new BadInputException("--model-id " + modelId + " is not in the models table of store " + store.root());
        }
        Row row = rows.get(0);
        String modelZip = row.getAs(Columns.PATH);
        String folder = modelZip.substring(0, modelZip.lastIndexOf('/'));
        Path dir = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            FileSystem fs = new org.apache.hadoop.fs.Path(folder).getFileSystem(store.hadoopConfiguration());
            for (String file : List.of(ModelFiles.MODEL, ModelFiles.GENOME, ModelFiles.RECIPE)) {
                try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(folder, file))) {
                    Files.copy(in, dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            JsonNode recipe = new ObjectMapper().readTree(dir.resolve(ModelFiles.RECIPE).toFile());
            Files.writeString(dir.resolve(ModelFiles.CARD), card(row, recipe), StandardCharsets.UTF_8);
            OutputFolder.mark(local(), new org.apache.hadoop.fs.Path(dir.toString()), KIND);
        } catch (IOException e) {
            throw new UncheckedIOException("export of " + modelId + " to " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Double> metrics = Records.metrics(row);
        out.printf("model %s (%s): test_acc %.2f%% exported to %s%n", modelId, row.<String>getAs(Columns.ARCH),
                metrics.get("test_acc"), dir);
        out.flush();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model_id", modelId);
        summary.put("out", dir.toString());
        summary.put("files", List.of(ModelFiles.MODEL, ModelFiles.GENOME, ModelFiles.RECIPE, ModelFiles.CARD));
        summary.put("test_acc", metrics.get("test_acc"));
        return summary;
    }

    /** MODEL_CARD.md: what the model is, how well it does, what it was trained on, and how to load it with plain DL4J. */
    static String card(Row row, JsonNode recipe) {
        Map<String, Double> metrics = new TreeMap<>(Records.metrics(row));
        JsonNode input = recipe.path("input");
        JsonNode norm = recipe.path("normalisation");
        JsonNode data = recipe.path("dataset");
        StringBuilder md = new StringBuilder();
        md.append("# Model ").append(row.<String>getAs(Columns.MODEL_ID)).append("\n\n");
        md.append("The answer of sparknas run `").append(row.<String>getAs(Columns.RUN_ID))
                .append("`, trained at full fidelity by `bin/nas train-final`.\n\n");
        md.append("## Architecture\n\n");
        md.append("- space: `").append(recipe.path("space").asText()).append("` (skeleton: stem channels ")
                .append(recipe.path("skeleton").path("stem_channels").asText()).append(", cells per stage ")
                .append(recipe.path("skeleton").path("cells_per_stage").asText()).append(")\n");
        md.append("- arch: `").append(row.<String>getAs(Columns.ARCH)).append("`\n");
        md.append("- canonical key: `").append(row.<String>getAs(Columns.CANONICAL_KEY)).append("` (genome.json)\n\n");
        md.append("## Metrics\n\n| metric | value |\n| --- | --- |\n");
        metrics.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        md.append("| latency_ms (batch 1, median, the executor's CPU) | ").append(row.<Double>getAs(Columns.LATENCY_MS))
                .append(" |\n\n");
        md.append("test_acc is the percentage of the dataset's test split (").append(data.path("test_images").asText())
                .append(" images) classified correctly; it was never used to choose the architecture.\n\n");
        md.append("## Data\n\n");
        md.append("- dataset: ").append(data.path("name").asText()).append(", ").append(data.path("train_images").asText())
                .append(" training images (all of the training split unless train_subset > 0: ")
                .append(data.path("train_subset").asText()).append("), test subset ").append(data.path("test_subset").asText())
                .append(" (0 = the whole test split)\n");
        md.append("- data digest `").append(row.<String>getAs(Columns.DATA_DIGEST)).append("`, config digest `")
                .append(row.<String>getAs(Columns.CONFIG_DIGEST)).append("`, code version `")
                .append(row.<String>getAs(Columns.CODE_VERSION)).append("`\n");
        md.append("- training recipe: recipe.json `recipe` (").append(recipe.path("recipe").toString()).append(")\n\n");
        md.append("## Use it\n\n");
        md.append("Input: float32 NCHW `[n, ").append(input.path("channels").asText()).append(", ")
                .append(input.path("height").asText()).append(", ").append(input.path("width").asText())
                .append("]`; output: `").append(recipe.path("classes").asText()).append("` class probabilities (softmax).\n");
        md.append("Normalise each pixel as `x[c] = (byte / 255 - means[c]) / stds[c]` with the training statistics of "
                + "recipe.json `normalisation` (means ").append(norm.path("means").toString()).append(", stds ")
                .append(norm.path("stds").toString()).append(").\n\n");
        md.append("```java\n");
        md.append("import org.deeplearning4j.nn.graph.ComputationGraph;\n");
        md.append("import org.deeplearning4j.util.ModelSerializer;\n");
        md.append("import org.nd4j.linalg.factory.Nd4j;\n\n");
        md.append("ComputationGraph g = ModelSerializer.restoreComputationGraph(new java.io.File(\"model.zip\"));\n");
        md.append("float[] pixels = ...; // n images, normalised as above, channel-major (NCHW)\n");
        md.append("var x = Nd4j.create(pixels, new long[] {n, ").append(input.path("channels").asText()).append(", ")
                .append(input.path("height").asText()).append(", ").append(input.path("width").asText()).append("}, 'c');\n");
        md.append("int[] predicted = g.outputSingle(false, x).argMax(1).toIntVector();\n");
        md.append("```\n\n");
        md.append("Only DL4J (deeplearning4j-nn, nd4j-native 1.0.0-M2.1) is needed; no sparknas class.\n");
        return md.toString();
    }
}
