package io.sparknas.jobs.models;

import io.sparknas.evaluation.dl4j.FinalTraining;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A final training's checkpoints under the store: {@code <store>/models/<model_id>/checkpoints/epoch-<e>.zip},
 * each a DL4J zip with the updater state and the epochs' losses as an extra entry. A checkpoint is written
 * beside its place and renamed into it (a killed save leaves no half checkpoint); once it is in place the
 * earlier epochs' checkpoints are deleted (only the latest is ever resumed from).
 */
final class StoreCheckpoints implements FinalTraining.Checkpoints {
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.zip");
    private static final String LOSSES = "epoch_losses";

    private final FileSystem fs;
    private final Path folder;

    StoreCheckpoints(String folder, Configuration hadoop) throws IOException {
        this.folder = new Path(folder);
        this.fs = this.folder.getFileSystem(hadoop);
    }

    private Path file(int epoch) {
        return new Path(folder, "epoch-" + epoch + ".zip");
    }

    private List<Integer> epochs() throws IOException {
        List<Integer> epochs = new ArrayList<>();
        if (!fs.exists(folder)) {
            return epochs;
        }
        for (FileStatus status : fs.listStatus(folder)) {
            Matcher m = NAME.matcher(status.getPath().getName());
            if (status.isFile() && m.matches()) {
                epochs.add(Integer.parseInt(m.group(1)));
            }
        }
        return epochs;
    }

    @Override
    public Optional<Integer> latest() throws IOException {
        return epochs().stream().max(Integer::compare);
    }

    @Override
    public FinalTraining.Restored restore(int epoch) throws IOException {
        File local = Files.createTempFile("sparknas-checkpoint-", ".zip").toFile();
        try {
            fs.copyToLocalFile(false, file(epoch), new Path(local.getAbsolutePath()), true);
            ComputationGraph network = ModelSerializer.restoreComputationGraph(local, true);
            List<Double> losses = ModelSerializer.getObjectFromFile(local, LOSSES);
            return new FinalTraining.Restored(network, losses);
        } finally {
            Files.deleteIfExists(local.toPath());
        }
    }

    @Override
    public void save(int epoch, ComputationGraph network, List<Double> losses) throws IOException {
        File local = Files.createTempFile("sparknas-checkpoint-", ".zip").toFile();
        try {
            ModelSerializer.writeModel(network, local, true);
            ModelSerializer.addObjectToFile(local, LOSSES, new ArrayList<>(losses));
            fs.mkdirs(folder);
            Path partial = new Path(folder, ".epoch-" + epoch + ".zip.partial");
            fs.copyFromLocalFile(false, true, new Path(local.getAbsolutePath()), partial);
            fs.delete(file(epoch), false);
            if (!fs.rename(partial, file(epoch))) {
                throw new IOException("cannot rename " + partial + " to " + file(epoch));
            }
        } finally {
            Files.deleteIfExists(local.toPath());
        }
        for (int earlier : epochs()) {
            if (earlier < epoch) {
                fs.delete(file(earlier), false);
            }
        }
    }
}
