package io.sparknas.population.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Finds the real NAS-Bench-201 ground truth in {@code ../shared/benchmarks} beside the repository. */
public final class SharedBenchmarks {
    public static final String TEST200 = "nb201-test200-nats/nb201_test200_cifar.csv";
    public static final String PERSEED = "nb201-perseed-200ep/nb201_perseed_cifar.csv.gz";

    private SharedBenchmarks() {
    }

    public static Path repoRoot() {
        String configured = System.getProperty("sparknas.repo.root");
        Path dir = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("population")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the sparknas repository root above " + dir);
    }

    public static Path file(String relative) {
        Path path = repoRoot().resolve("../shared/benchmarks").resolve(relative).normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("benchmark ground truth missing: " + path
                    + " (tests expect ../shared/benchmarks beside the repository)");
        }
        return path;
    }

    /** The {@code arch_str} column of the 15,625-row NB201 test-accuracy table, in file order. */
    public static List<String> allNb201Strings() {
        try (var lines = Files.lines(file(TEST200))) {
            return lines.skip(1).map(line -> line.split(",")[1]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
