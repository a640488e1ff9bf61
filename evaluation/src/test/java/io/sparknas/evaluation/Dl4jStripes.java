package io.sparknas.evaluation;

import io.sparknas.population.testing.StripesIdx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** 120 grey 16×16 stripe images ({@link StripesIdx}), written once per test JVM. */
final class Dl4jStripes {
    private static final int IMAGES = 120;
    private static final int SIZE = 16;
    private static Path folder;

    private Dl4jStripes() {
    }

    static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("stripes");
                StripesIdx.write(dir, IMAGES, SIZE, 3);
                dir.resolve("train-images-idx3-ubyte.gz").toFile().deleteOnExit();
                dir.resolve("train-labels-idx1-ubyte.gz").toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
