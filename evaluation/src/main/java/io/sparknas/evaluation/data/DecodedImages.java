package io.sparknas.evaluation.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * Training images decoded in one place (the driver, from a table or an image folder) rather than read
 * from files by each executor: in canonical order ({@link ImageDataset#canonical()}), with an explicit
 * validation part when the data names one (a split column), else {@code validation} is null and
 * {@link DatasetSource} makes its seeded split.
 *
 * @param train      every image to train on (or to split, when {@code validation} is null)
 * @param validation the images to measure on, or null
 * @param digest     SHA-256 of both parts' contents: equal digests, equal data
 */
public record DecodedImages(ImageDataset train, ImageDataset validation, String digest) implements Serializable {

    public DecodedImages {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(digest, "digest");
        if (validation != null && (validation.channels() != train.channels() || validation.height() != train.height()
                || validation.width() != train.width() || validation.classes() != train.classes())) {
            throw new IllegalArgumentException("the validation images differ in shape or classes from the training images");
        }
    }

    /** Images to be split into train and validation with the dataset's seed. */
    public static DecodedImages of(ImageDataset all) {
        ImageDataset ordered = all.canonical();
        return new DecodedImages(ordered, null, ordered.contentDigest());
    }

    /** Images split by the data itself. */
    public static DecodedImages of(ImageDataset train, ImageDataset validation) {
        ImageDataset orderedTrain = train.canonical();
        ImageDataset orderedValidation = validation.canonical();
        return new DecodedImages(orderedTrain, orderedValidation,
                io.sparknas.evaluation.ConfigDigest.of(orderedTrain.contentDigest(), orderedValidation.contentDigest()));
    }
}
