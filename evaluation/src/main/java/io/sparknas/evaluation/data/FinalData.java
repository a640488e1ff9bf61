package io.sparknas.evaluation.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The data of a final training, as plain serialisable settings: all of a dataset's training split (no
 * validation hold-out) to train on, its test split to measure on, both standardised with the training
 * part's per-channel statistics. Unlike {@link DatasetSource} it reads the test files. For a table, the driver
 * decodes both parts and supplies them ({@code supply}: its {@link DecodedImages#train()} to train on, its
 * {@link DecodedImages#validation()} the test rows).
 *
 * @param folder      the folder holding the files of {@code format} (empty for a supplied dataset)
 * @param trainSubset a seeded random subset of this many training images; 0 for all
 * @param testSubset  a seeded random subset of this many test images; 0 for the whole test split
 * @param seed        seed of both subsets
 * @param supply      the decoded images of a {@link DatasetSource.Format#supplied()} format, else null
 */
public record FinalData(String folder, DatasetSource.Format format, int trainSubset, int testSubset, long seed,
                        ImageSupply supply) implements Serializable {

    public FinalData {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(format, "format");
        if (trainSubset < 0 || testSubset < 0) {
            throw new IllegalArgumentException("subsets must be >= 0 (0 = all images), got " + trainSubset + " and " + testSubset);
        }
        if (format.supplied() != (supply != null)) {
            throw new IllegalArgumentException(format + (format.supplied() ? " needs" : " takes no") + " supplied images");
        }
        if (supply != null && supply.images().validation() == null) {
            throw new IllegalArgumentException("the supplied images of a final training need a test part");
        }
    }

    /** Dataset files each executor reads itself. */
    public FinalData(String folder, DatasetSource.Format format, int trainSubset, int testSubset, long seed) {
        this(folder, format, trainSubset, testSubset, seed, null);
    }

    /** The standardised parts and the statistics they were standardised with (what a user of the model must apply). */
    public record Prepared(ImageDataset train, ImageDataset test, double[] means, double[] stds) {
    }

    /** Reads both splits (not cached: a final training reads them once). */
    public Prepared load() {
        ImageDataset train;
        ImageDataset test;
        if (supply != null) {
            train = supply.images().train();
            test = supply.images().validation();
        } else {
            Path path = Path.of(folder);
            train = format.readTraining(path);
            test = format.readTest(path);
        }
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
