package io.sparknas.evaluation.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an evaluator's images come from, as plain serialisable settings: shipped to executors and
 * loaded there lazily, once per JVM ({@link #load()} caches by value). Only the training files of
 * the dataset are read; they are split into train and validation with a fixed seed, so the test
 * set stays untouched by the search.
 *
 * <p>A {@link Format#TABLE} or {@link Format#IMAGE_FOLDER} dataset is not read by the executors: the
 * driver decodes it once (validating every row or file before the search writes anything) and hands
 * the decoded images over in {@code supply}; executors then cache them like files they read.
 *
 * @param folder             the folder holding the files of {@code format} (for a supplied dataset: where
 *                           the driver read it, for messages only)
 * @param subsetSize         use a seeded random subset of this many training images; 0 for all
 * @param validationFraction share of the (subset) images held out for validation
 * @param splitSeed          seed of the subset and the split
 * @param supply             the decoded images of a {@link Format#TABLE} or {@link Format#IMAGE_FOLDER}
 *                           dataset; null for the file formats. With an explicit validation part, the
 *                           subset is drawn from the training part only and {@code validationFraction}
 *                           is not used.
 */
public record DatasetSource(String folder, Format format, int subsetSize, double validationFraction, long splitSeed,
                            ImageSupply supply) implements Serializable {

    /** The on-disk layouts understood. */
    public enum Format {
        /** Gzipped IDX files {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, 10 classes. */
        FASHION_MNIST,
        /** CIFAR-10 binary, {@code data_batch_1.bin} … {@code data_batch_5.bin}. */
        CIFAR10,
        /** CIFAR-100 binary, {@code train.bin} (fine labels). */
        CIFAR100,
        /** A Delta or Parquet table (or a catalog table) of images and labels, decoded on the driver. */
        TABLE,
        /** A folder with one sub-folder of PNG / JPEG files per class, decoded on the driver. */
        IMAGE_FOLDER;

        /** Whether the driver decodes this format and supplies it ({@link DatasetSource#supply()}), rather than executors reading files. */
        public boolean supplied() {
            return this == TABLE || this == IMAGE_FOLDER;
        }

        private IllegalStateException noFiles() {
            return new IllegalStateException(this + " is decoded on the driver and supplied, not read from dataset files");
        }

        /** The file whose absence means the folder holds no such dataset. */
        public String firstTrainingFile() {
            return switch (this) {
                case FASHION_MNIST -> IdxReader.TRAINING_IMAGES;
                case CIFAR10 -> CifarBinaryReader.trainingFiles(CifarBinaryReader.Variant.CIFAR10).get(0);
                case CIFAR100 -> CifarBinaryReader.trainingFiles(CifarBinaryReader.Variant.CIFAR100).get(0);
                case TABLE, IMAGE_FOLDER -> throw noFiles();
            };
        }

        /** Every file of the training split, in reading order. */
        public List<String> trainingFiles() {
            return switch (this) {
                case FASHION_MNIST -> List.of(IdxReader.TRAINING_IMAGES, IdxReader.TRAINING_LABELS);
                case CIFAR10 -> CifarBinaryReader.trainingFiles(CifarBinaryReader.Variant.CIFAR10);
                case CIFAR100 -> CifarBinaryReader.trainingFiles(CifarBinaryReader.Variant.CIFAR100);
                case TABLE, IMAGE_FOLDER -> throw noFiles();
            };
        }

        /** Every file of the test split (never read by a search: only final training measures on it). */
        public List<String> testFiles() {
            return switch (this) {
                case FASHION_MNIST -> List.of(IdxReader.TEST_IMAGES, IdxReader.TEST_LABELS);
                case CIFAR10 -> List.of(CifarBinaryReader.testFile(CifarBinaryReader.Variant.CIFAR10));
                case CIFAR100 -> List.of(CifarBinaryReader.testFile(CifarBinaryReader.Variant.CIFAR100));
                case TABLE, IMAGE_FOLDER -> throw noFiles();
            };
        }

        /** The whole training split of a folder, pixels in [0, 1]. */
        public ImageDataset readTraining(Path folder) {
            return switch (this) {
                case FASHION_MNIST -> IdxReader.readTraining(folder, 10);
                case CIFAR10 -> CifarBinaryReader.readTraining(folder, CifarBinaryReader.Variant.CIFAR10);
                case CIFAR100 -> CifarBinaryReader.readTraining(folder, CifarBinaryReader.Variant.CIFAR100);
                case TABLE, IMAGE_FOLDER -> throw noFiles();
            };
        }

        /** The whole test split of a folder, pixels in [0, 1]. */
        public ImageDataset readTest(Path folder) {
            return switch (this) {
                case FASHION_MNIST -> IdxReader.readTest(folder, 10);
                case CIFAR10 -> CifarBinaryReader.readTest(folder, CifarBinaryReader.Variant.CIFAR10);
                case CIFAR100 -> CifarBinaryReader.readTest(folder, CifarBinaryReader.Variant.CIFAR100);
                case TABLE, IMAGE_FOLDER -> throw noFiles();
            };
        }
    }

    private static final Map<DatasetSource, ImageDataset.Split> LOADED = new ConcurrentHashMap<>();

    /** A dataset of files ({@link Format#FASHION_MNIST}, {@link Format#CIFAR10}, {@link Format#CIFAR100}) read by each executor. */
    public DatasetSource(String folder, Format format, int subsetSize, double validationFraction, long splitSeed) {
        this(folder, format, subsetSize, validationFraction, splitSeed, null);
    }

    public DatasetSource {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(format, "format");
        if (format.supplied() != (supply != null)) {
            throw new IllegalArgumentException(format + (format.supplied() ? " needs" : " takes no") + " supplied images");
        }
        if (subsetSize < 0) {
            throw new IllegalArgumentException("subsetSize must be >= 0 (0 = all images), got " + subsetSize);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
    }

    /** Train and validation parts, normalised with the training part's statistics; cached per JVM. */
    public ImageDataset.Split load() {
        return LOADED.computeIfAbsent(this, DatasetSource::readUncached);
    }

    /** Reads the files again, bypassing the cache. */
    ImageDataset.Split readUncached() {
        if (supply != null && supply.images().validation() != null) {
            DecodedImages images = supply.images();
            ImageDataset train = subsetSize == 0 ? images.train() : images.train().subset(subsetSize, splitSeed);
            return new ImageDataset.Split(train, images.validation()).normalised();
        }
        ImageDataset all = supply != null ? supply.images().train() : format.readTraining(Path.of(folder));
        ImageDataset used = subsetSize == 0 ? all : all.subset(subsetSize, splitSeed);
        return used.split(validationFraction, splitSeed).normalised();
    }
}
