package io.sparknas.jobs.testing;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a test compares before and after a command: every file under a folder, and Delta versions. */
public final class StoreSnapshot {
    private StoreSnapshot() {
    }

    /**
     * The fingerprint of a folder: path → SHA-256 of the content of every file under {@code root}
     * ("dir" for a folder). Any file added, removed, renamed or rewritten with other bytes changes it.
     */
    public static Map<String, String> files(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.collect(Collectors.toMap(p -> root.relativize(p).toString(), p -> {
                try {
                    return Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }, (a, b) -> a, TreeMap::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of commits (latest version + 1) of every result table. */
    public static Map<Tables, Long> versionCounts(SparkSession spark, ResultStore store) {
        return Arrays.stream(Tables.values()).collect(Collectors.toMap(t -> t,
                t -> DeltaTable.forPath(spark, store.path(t)).history().count(), (a, b) -> a, () -> new java.util.EnumMap<>(Tables.class)));
    }

    /** Copies every folder and file under {@code from} to {@code to} (a store to break in a test); returns {@code to}. */
    public static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
