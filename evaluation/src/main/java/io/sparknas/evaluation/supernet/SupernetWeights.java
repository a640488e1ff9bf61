package io.sparknas.evaluation.supernet;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a supernet's weights ({@value SupernetManifest#WEIGHTS}) reach the JVM that evaluates: the jobs broadcast
 * the file's bytes from the driver (each executor then fetches them once); {@link #file} reads the file where it
 * is asked (tests, one JVM, a shared filesystem). The JVM keeps the network it deserialised, by
 * {@link #sha256()}.
 */
public interface SupernetWeights extends Serializable {

    /** The bytes of the weights file (may fetch them, e.g. a broadcast's value). */
    byte[] bytes();

    /** The SHA-256 of {@link #bytes()} (the manifest's), known without fetching them. */
    String sha256();

    /** The weights file itself, read by the JVM that asks. */
    static SupernetWeights file(Path weights, String sha256) {
        return new File(weights.toAbsolutePath().toString(), sha256);
    }

    /** A weights file read where it is asked. */
    record File(String path, String sha256) implements SupernetWeights {
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }

        @Override
        public byte[] bytes() {
            try {
                return Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read supernet weights " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return path;
        }
    }
}
