package io.sparknas.population.space;

import java.io.Serializable;

/**
 * The fixed part of one stage of a {@link MobileNetSpace}: its base output width (before the
 * searched width multiplier) and the stride of its first block.
 */
public record StageSpec(int width, int stride) implements Serializable {

    public StageSpec {
        if (width < 1) {
            throw new IllegalArgumentException("stage width must be positive, got " + width);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stage stride must be positive, got " + stride);
        }
    }
}
