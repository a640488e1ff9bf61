package io.sparknas.evaluation.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The data of a final training, as plain serialisable settings: all of a dataset's training split (no
 * validation hold-out) to train on, its test split to measure on, both standardised with the training
 * part's per-channel statistics. Unlike {@link DatasetSource} it reads the test files.
 *
 * @param folder      the folder holding the files of {@code format}
 * @param trainSubset a seeded random subset of this many training images; 0 for all
 * @param testSubset  a seeded random subset of this many test images; 0 for the whole test split
 * @param seed        seed of both subsets
 */
public record FinalData(String folder, DatasetSource.Format format, int trainSubset, int testSubset, long seed)
        implements Serializable {

    public FinalData {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(format, "format");
        if (trainSubset < 0 || testSubset < 0) {
            throw new IllegalArgumentException("subsets must be >= 0 (0 = all images), got " + trainSubset + " and " + testSubset);
        }
    }

    /** The standardised parts and the statistics they were standardised with (what a user of the model must apply). */
    public record Prepared(ImageDataset train, ImageDataset test, double[] means, double[] stds) {
    }

    /** Reads both splits (not cached: a final training reads them once). */
    public Prepared load() {
        Path path = Path.of(folder);
        ImageDataset train = format.readTraining(path);
        ImageDataset test = format.readTest(path);
        if (trainSubset > 0) {
            train = train.subset(trainSubset, seed);
        }
        if (testSubset > 0) {
            test = test.subset(testSubset, seed);
        }
        double[] means = train.channelMeans();
        double[] stds = train.channelStds(means);
        return new Prepared(train.normalised(means, stds), test.normalised(means, stds), means, stds);
    }
}
