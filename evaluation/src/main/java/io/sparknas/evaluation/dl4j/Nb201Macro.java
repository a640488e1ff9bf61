package io.sparknas.evaluation.dl4j;

import java.io.Serializable;

/**
 * The NB201 macro skeleton around the searched cell: input shape, classes, stem width and cells per
 * stage (three stages at C, 2C, 4C channels). {@link #cifar(int)} is the NAS-Bench-201 setting;
 * smaller ones (e.g. C = 8, one cell per stage) keep tests and low-fidelity evaluations cheap.
 */
public record Nb201Macro(int inputChannels, int height, int width, int classes, int stemChannels, int cellsPerStage)
        implements Serializable {

    public Nb201Macro {
        requirePositive("inputChannels", inputChannels);
        requirePositive("height", height);
        requirePositive("width", width);
        requirePositive("classes", classes);
        requirePositive("stemChannels", stemChannels);
        requirePositive("cellsPerStage", cellsPerStage);
        if (height % 4 != 0 || width % 4 != 0) {
            // The reduction shortcut's 2x2 pool floors odd sizes while the strided conv rounds up.
            throw new IllegalArgumentException("NB201 input height and width must be multiples of 4 (two stride-2 "
                    + "reductions), got " + height + "x" + width);
        }
    }

    /** 3×32×32 input, C = 16, 5 cells per stage: the network NAS-Bench-201 trained. */
    public static Nb201Macro cifar(int classes) {
        return new Nb201Macro(3, 32, 32, classes, 16, 5);
    }

    public Nb201Macro withStem(int channels, int cells) {
        return new Nb201Macro(inputChannels, height, width, classes, channels, cells);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("NB201 macro " + name + " must be positive, got " + value);
        }
    }
}
