package io.sparknas.evaluation.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link DecodedImages} reach the JVM that trains: the jobs broadcast them from the driver (each
 * executor then fetches them once); {@link #inline} carries them inside the object itself (tests, one
 * JVM). Equal when their {@link #digest()}s are, so that {@link DatasetSource}'s per-JVM cache finds
 * them again after each task deserialises its own copy of the carrier.
 */
public interface ImageSupply extends Serializable {

    /** The images (may fetch them, e.g. a broadcast's value). */
    DecodedImages images();

    /** {@link DecodedImages#digest()}, known without fetching the images. */
    String digest();

    /** The images themselves, serialised with whatever holds this supply. */
    static ImageSupply inline(DecodedImages images) {
        return new Inline(images);
    }

    /** An {@link ImageSupply} that holds its images. */
    final class Inline implements ImageSupply {
        private static final long serialVersionUID = 1L;
        private final DecodedImages images;

        private Inline(DecodedImages images) {
            this.images = Objects.requireNonNull(images, "images");
        }

        @Override
        public DecodedImages images() {
            return images;
        }

        @Override
        public String digest() {
            return images.digest();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ImageSupply supply && supply.digest().equals(digest());
        }

        @Override
        public int hashCode() {
            return digest().hashCode();
        }

        @Override
        public String toString() {
            return "images " + digest().substring(0, 12);
        }
    }
}
