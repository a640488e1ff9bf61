package io.sparknas.population.space;

import java.util.List;

/**
 * One decoded stage of a {@link MobileNetArchitecture}: its active blocks only ({@code depth} of
 * them); the first carries the stage's stride.
 *
 * @param index 0-based; the string forms number stages from 1 ({@code s1})
 */
public record MobileNetStage(int index, int depth, double widthMultiplier, int channels, int stride,
                             List<MobileNetBlock> blocks) {

    public MobileNetStage {
        blocks = List.copyOf(blocks);
    }

    public int inputResolution() {
        return blocks.get(0).inputResolution();
    }

    public int outputResolution() {
        return blocks.get(blocks.size() - 1).outputResolution();
    }
}
