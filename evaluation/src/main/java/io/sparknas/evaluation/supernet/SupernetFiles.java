package io.sparknas.evaluation.supernet;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A supernet's folder: {@value SupernetManifest#WEIGHTS} (DL4J {@code ModelSerializer} zip, no updater),
 * {@value SupernetManifest#FILE}, and {@code checkpoints/epoch-<e>.zip} (with the updater state). Every file is
 * written to a temporary name and moved into place, so a reader sees a complete file or none.
 */
public final class SupernetFiles {
    private SupernetFiles() {
    }

    /** Saves epoch {@code epoch}'s checkpoint. */
    public static Path saveCheckpoint(Path folder, int epoch, ComputationGraph supernet) throws IOException {
        Path dir = Files.createDirectories(folder.resolve(SupernetManifest.CHECKPOINTS));
        return write(supernet, dir.resolve("epoch-" + epoch + ".zip"), true);
    }

    /** Saves the final weights and the manifest (with the weights' SHA-256 filled in); returns that manifest. */
    public static SupernetManifest saveFinal(Path folder, ComputationGraph supernet, SupernetManifest draft) throws IOException {
        Files.createDirectories(folder);
        Path weights = write(supernet, folder.resolve(SupernetManifest.WEIGHTS), false);
        SupernetManifest manifest = new SupernetManifest(draft.supernetId(), draft.space(), draft.macro(), draft.format(),
                draft.subset(), draft.validationFraction(), draft.splitSeed(), draft.recipe(), draft.sampling(),
                SupernetManifest.sha256(weights));
        manifest.write(folder);
        return manifest;
    }

    private static Path write(ComputationGraph network, Path target, boolean updater) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        ModelSerializer.writeModel(network, tmp.toFile(), updater);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
