package io.sparknas.evaluation.dl4j;

import java.io.Serializable;

/** What a network consumes and predicts: images of channels × height × width, and the class count. */
public record InputShape(int channels, int height, int width, int classes) implements Serializable {

    public InputShape {
        if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
            throw new IllegalArgumentException("input shape and classes must be positive, got " + channels + "x" + height
                    + "x" + width + ", " + classes + " classes");
        }
    }

    public static InputShape cifar(int classes) {
        return new InputShape(3, 32, 32, classes);
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width + "/" + classes + " classes";
    }
}
