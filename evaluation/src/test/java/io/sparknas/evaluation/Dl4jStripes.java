package io.sparknas.evaluation;

import io.sparknas.population.testing.StripesIdx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
                // deleteOnExit runs in reverse order: the folder first registered is removed last, once empty
                dir.toFile().deleteOnExit();
                StripesIdx.write(dir, IMAGES, SIZE, 3);
                try (Stream<Path> written = Files.list(dir)) {
                    written.forEach(file -> file.toFile().deleteOnExit());
                }
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
