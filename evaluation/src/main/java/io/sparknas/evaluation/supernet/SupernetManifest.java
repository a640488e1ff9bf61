package io.sparknas.evaluation.supernet;

import io.sparknas.evaluation.ConfigDigest;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.TrainingRecipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * What a trained supernet is, stored next to its weights as {@value #FILE} in the supernet's folder
 * ({@value #WEIGHTS} the final weights, {@code checkpoints/epoch-<e>.zip} one per epoch): the space, the
 * macro skeleton, the dataset it was trained on (format, subset, validation fraction, split seed: the
 * validation part it never saw), the recipe, the sampling, and the SHA-256 of the weights file. An
 * evaluator refuses a supernet whose space, skeleton or dataset differs from its own, or whose weights
 * file does not match the recorded digest.
 */
public record SupernetManifest(String supernetId, String space, Nb201Macro macro, DatasetSource.Format format,
                               int subset, double validationFraction, long splitSeed, TrainingRecipe recipe,
                               SupernetTraining.Sampling sampling, String weightsSha256) implements Serializable {
    public static final String FILE = "supernet.properties";
    public static final String WEIGHTS = "supernet.zip";
    public static final String CHECKPOINTS = "checkpoints";

    /** The data part of the identity: same for the supernet and the evaluator that may use it. */
    public String datasetDescription() {
        return describeData(format, subset, validationFraction, splitSeed);
    }

    public static String describeData(DatasetSource.Format format, int subset, double validationFraction, long splitSeed) {
        return format.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " subset=" + subset
                + " validation-fraction=" + validationFraction + " split-seed=" + splitSeed;
    }

    /** A digest of everything that decides the supernet's weights, and of the weights themselves. */
    public String configDigest() {
        return ConfigDigest.of(space, macro, datasetDescription(), recipe, sampling, weightsSha256);
    }

    public void write(Path folder) throws IOException {
        Properties p = new Properties();
        p.setProperty("supernet_id", supernetId);
        p.setProperty("space", space);
        p.setProperty("macro.input", macro.inputChannels() + "x" + macro.height() + "x" + macro.width());
        p.setProperty("macro.classes", Integer.toString(macro.classes()));
        p.setProperty("macro.stem-channels", Integer.toString(macro.stemChannels()));
        p.setProperty("macro.cells-per-stage", Integer.toString(macro.cellsPerStage()));
        p.setProperty("data.format", format.name());
        p.setProperty("data.subset", Integer.toString(subset));
        p.setProperty("data.validation-fraction", Double.toString(validationFraction));
        p.setProperty("data.split-seed", Long.toString(splitSeed));
        p.setProperty("recipe.optimizer", recipe.optimizer().name());
        p.setProperty("recipe.learning-rate", Double.toString(recipe.learningRate()));
        p.setProperty("recipe.momentum", Double.toString(recipe.momentum()));
        p.setProperty("recipe.cosine", Boolean.toString(recipe.cosine()));
        p.setProperty("recipe.epochs", Integer.toString(recipe.epochs()));
        p.setProperty("recipe.batch-size", Integer.toString(recipe.batchSize()));
        p.setProperty("recipe.weight-decay", Double.toString(recipe.weightDecay()));
        p.setProperty("recipe.seed", Long.toString(recipe.seed()));
        p.setProperty("sampling", sampling.name());
        p.setProperty("weights.sha256", weightsSha256);
        Path tmp = folder.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "sparknas supernet");
        }
        Files.move(tmp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a supernet folder's manifest; a missing or unreadable one is an {@link IllegalArgumentException}. */
    public static SupernetManifest read(Path folder) {
        Path file = folder.resolve(FILE);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("not a supernet folder: " + file + " is missing");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            String[] input = need(p, "macro.input").split("x");
            Nb201Macro macro = new Nb201Macro(Integer.parseInt(input[0]), Integer.parseInt(input[1]),
                    Integer.parseInt(input[2]), Integer.parseInt(need(p, "macro.classes")),
                    Integer.parseInt(need(p, "macro.stem-channels")), Integer.parseInt(need(p, "macro.cells-per-stage")));
            TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.valueOf(need(p, "recipe.optimizer")),
                    Double.parseDouble(need(p, "recipe.learning-rate")), Double.parseDouble(need(p, "recipe.momentum")),
                    Boolean.parseBoolean(need(p, "recipe.cosine")), Integer.parseInt(need(p, "recipe.epochs")),
                    Integer.parseInt(need(p, "recipe.batch-size")), Double.parseDouble(need(p, "recipe.weight-decay")),
                    Long.parseLong(need(p, "recipe.seed")));
            return new SupernetManifest(need(p, "supernet_id"), need(p, "space"), macro,
                    DatasetSource.Format.valueOf(need(p, "data.format")), Integer.parseInt(need(p, "data.subset")),
                    Double.parseDouble(need(p, "data.validation-fraction")), Long.parseLong(need(p, "data.split-seed")),
                    recipe, SupernetTraining.Sampling.valueOf(need(p, "sampling")), need(p, "weights.sha256"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt supernet manifest " + file + ": " + e.getMessage(), e);
        }
    }

    private static String need(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    /** The hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
