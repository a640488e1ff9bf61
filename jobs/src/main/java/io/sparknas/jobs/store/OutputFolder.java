package io.sparknas.jobs.store;

import io.sparknas.jobs.config.BadInputException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The rule every folder a job writes into follows (report pages, saved predictors, staging folders):
 * a job never deletes what it did not create. A target folder may be new, empty, or an earlier output
 * of the same kind (which the job may replace); anything else is refused before the job writes. An
 * output folder is marked with a {@value #MARKER} file naming its kind; a folder written before the
 * marker existed is recognised by its main file. Either way every entry must be a file the kind writes: a
 * marker copied into a folder of other files does not make them replaceable.
 */
public final class OutputFolder {
    /** The file that marks a folder as a sparknas output of one kind; its content is the kind's name. */
    public static final String MARKER = ".sparknas-output";

    /** What a job writes into its folders: a name for messages and markers, the main file, every file name it writes. */
    public record Kind(String name, String mainFile, Pattern files) {
        boolean writes(String fileName) {
            return fileName.equals(MARKER) || files.matcher(fileName).matches();
        }
    }

    private OutputFolder() {
    }

    /**
     * Checks, writing nothing, that {@code target} may receive output of {@code kind}.
     *
     * @param what how the user named the target, for the message (e.g. {@code report --out})
     * @return whether the target holds an earlier output of the kind (which the caller may replace)
     * @throws BadInputException when the target is a regular file, or a folder holding anything else
     */
    public static boolean check(FileSystem fs, Path target, Kind kind, String what) {
        try {
            if (!fs.exists(target)) {
                return false;
            }
            FileStatus status = fs.getFileStatus(target);
            if (!status.isDirectory()) {
                throw new BadInputException(what + " " + target + " is a regular file, not a folder");
            }
            FileStatus[] entries = fs.listStatus(target);
            if (entries.length == 0) {
                return false;
            }
            boolean onlyOwnFiles = Arrays.stream(entries).allMatch(e -> e.isFile() && kind.writes(e.getPath().getName()));
            boolean hasMain = Arrays.stream(entries).anyMatch(e -> e.getPath().getName().equals(kind.mainFile()));
            if (onlyOwnFiles && (hasMain || isMarked(fs, target, kind))) {
                return true;
            }
            String example = Arrays.stream(entries).map(e -> e.getPath().getName())
                    .filter(name -> !kind.writes(name)).sorted().findFirst().orElse(entries[0].getPath().getName());
            throw new BadInputException(what + " " + target + " holds files that are not an earlier " + kind.name()
                    + " (e.g. '" + example + "'); a " + kind.name() + " goes into a new or empty folder, or replaces an "
                    + "earlier " + kind.name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
    }

    /** Marks a folder this job created as an output of {@code kind}. */
    public static void mark(FileSystem fs, Path folder, Kind kind) throws IOException {
        try (FSDataOutputStream out = fs.create(new Path(folder, MARKER), true)) {
            out.write(kind.name().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean isMarked(FileSystem fs, Path folder, Kind kind) throws IOException {
        Path marker = new Path(folder, MARKER);
        if (!fs.isFile(marker)) {
            return false;
        }
        try (var in = fs.open(marker)) {
            return kind.name().equals(new String(in.readNBytes(256), StandardCharsets.UTF_8).strip());
        }
    }
}
