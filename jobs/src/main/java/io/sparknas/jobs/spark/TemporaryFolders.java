package io.sparknas.jobs.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders of this process's own for what Spark insists on creating somewhere (its warehouse, a
 * catalog database's location): never the user's working folder, never the store.
 */
public final class TemporaryFolders {
    private TemporaryFolders() {
    }

    /** A new empty folder under java.io.tmpdir, removed at exit if still empty; its URI as a string. */
    public static String create(String prefix, String purpose) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            folder.toFile().deleteOnExit();
            return folder.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for " + purpose, e);
        }
    }
}
