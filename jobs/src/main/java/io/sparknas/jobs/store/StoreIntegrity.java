package io.sparknas.jobs.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.config.BadInputException;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one existing Delta table's files before anything is written to it, reading nothing but the
 * {@code _delta_log} folder's listing, its commit files and one listing per folder of data files.
 * Delta itself skips an empty last commit (that generation's rows silently vanish, and the next
 * commit lands on top of it) and only finds a missing data file when a query reads it, halfway
 * through a run; both are refused here, naming the file.
 * <p>
 * Works on any Hadoop file system (the store may be on HDFS or an object store). Costs one listing
 * of {@code _delta_log} plus one read of each commit file and of {@code _last_checkpoint}: it runs
 * once when a command starts, not per generation.
 */
final class StoreIntegrity {
    /** A commit: {@code _delta_log/00000000000000000012.json}. */
    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
    /**
     * A checkpoint: classic ({@code N.checkpoint.parquet}), multi-part ({@code N.checkpoint.P.K.parquet})
     * or v2 ({@code N.checkpoint.UUID.json|parquet}).
     */
    private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint(\\.[^/]+)?\\.(parquet|json)");
    private static final String LAST_CHECKPOINT = "_last_checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final FileSystem fs;
    private final String root;
    private final String table;
    private final Path tablePath;

    StoreIntegrity(FileSystem fs, String root, String table) {
        this.fs = fs;
        this.root = root;
        this.table = table;
        this.tablePath = new Path(root, table);
    }

    /**
     * Checks the table's {@code _delta_log}: every commit file is lines of JSON objects (not empty, not
     * cut short), versions follow one another from the latest checkpoint (or from 0), and
     * {@code _last_checkpoint}, when present, is JSON. A table without a {@code _delta_log} folder, or
     * with one that holds no commit, is left to Delta to refuse (it is not a Delta table).
     */
    void checkLog() {
        Path log = new Path(tablePath, "_delta_log");
        FileStatus[] entries;
        try {
            if (!fs.getFileStatus(log).isDirectory()) {
                return;
            }
            entries = fs.listStatus(log);
        } catch (FileNotFoundException e) {
            return;
        } catch (IOException e) {
            throw bad("cannot list " + log + ": " + firstLine(e));
        }
        TreeMap<Long, FileStatus> commits = new TreeMap<>();
        long checkpoint = -1;
        FileStatus lastCheckpoint = null;
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            Matcher commit = COMMIT.matcher(name);
            Matcher checkpointFile = CHECKPOINT.matcher(name);
            if (commit.matches() && entry.isFile()) {
                commits.put(Long.parseLong(commit.group(1)), entry);
            } else if (checkpointFile.matches() && entry.isFile()) {
                if (entry.getLen() == 0) {
                    throw bad("checkpoint " + name + " is empty");
                }
                checkpoint = Math.max(checkpoint, Long.parseLong(checkpointFile.group(1)));
            } else if (name.equals(LAST_CHECKPOINT) && entry.isFile()) {
                lastCheckpoint = entry;
            }
        }
        if (commits.isEmpty() && checkpoint < 0) {
            return;
        }
        // commits up to the checkpoint may have been cleaned up (log retention); none after it may be missing
        long from = checkpoint >= 0 ? checkpoint + 1 : 0;
        long latest = commits.isEmpty() ? checkpoint : commits.lastKey();
        for (long version = from; version <= latest; version++) {
            if (!commits.containsKey(version)) {
                throw bad("commit " + commitName(version) + " is missing (the log goes on to " + commitName(latest)
                        + (checkpoint >= 0 ? ", after a checkpoint at version " + checkpoint : "") + ")");
            }
        }
        for (FileStatus commit : commits.values()) {
            checkJsonLines(commit, "commit");
        }
        if (lastCheckpoint != null) {
            checkJsonLines(lastCheckpoint, "_delta_log/" + LAST_CHECKPOINT);
        }
    }

    /**
     * Checks that every data file the latest snapshot references exists: one listing per folder that
     * holds them (one for an unpartitioned table), not one request per file.
     *
     * @param inputFiles the snapshot's files as Delta gives them ({@code Dataset.inputFiles()}: absolute)
     */
    void checkDataFiles(String[] inputFiles) {
        Map<Path, List<Path>> byFolder = new LinkedHashMap<>();
        for (String file : inputFiles) {
            Path path = new Path(file);
            byFolder.computeIfAbsent(path.getParent(), folder -> new ArrayList<>()).add(path);
        }
        List<Path> missing = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> folder : byFolder.entrySet()) {
            Set<String> present = new HashSet<>();
            try {
                for (FileStatus status : fs.listStatus(folder.getKey())) {
                    if (status.isFile()) {
                        present.add(status.getPath().getName());
                    }
                }
            } catch (FileNotFoundException e) {
                // the whole folder is gone: every file in it is missing
            } catch (IOException e) {
                throw bad("cannot list " + folder.getKey() + ": " + firstLine(e));
            }
            folder.getValue().stream().filter(p -> !present.contains(p.getName())).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            throw bad("data file " + relative(missing.get(0)) + " is missing"
                    + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more of the latest snapshot's "
                    + inputFiles.length + ")" : " (the latest snapshot references it)"));
        }
    }

    /** Each line of the file is one JSON object; an empty file, or one cut short, is refused. */
    private void checkJsonLines(FileStatus file, String what) {
        String name = what.equals("commit") ? "commit " + file.getPath().getName() : what;
        if (file.getLen() == 0) {
            throw bad(name + " is empty");
        }
        try {
            checkJsonLines(fs, file.getPath(), name);
        } catch (ChecksumException e) {
            // a local or checksummed file system keeps a .crc beside each file: the file changed after it was
            // written. Say how, when its bytes show it (cut short, not JSON), else that it no longer matches.
            if (fs instanceof ChecksumFileSystem checksummed) {
                try {
                    checkJsonLines(checksummed.getRawFileSystem(), file.getPath(), name);
                } catch (IOException raw) {
                    throw bad("cannot read " + name + ": " + firstLine(raw));
                }
            }
            throw bad(name + " does not match its checksum (it changed after it was written): " + firstLine(e));
        } catch (IOException e) {
            throw bad("cannot read " + name + ": " + firstLine(e));
        }
    }

    private void checkJsonLines(FileSystem files, Path path, String name) throws IOException {
        int objects = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(files.open(path), StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue; // carries no action
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw bad(name + " is not JSON (line " + number + ": " + firstLine(e.getOriginalMessage()) + ")");
                }
                if (node == null || !node.isObject()) {
                    throw bad(name + " is not JSON objects (line " + number + " is " + abbreviate(line) + ")");
                }
                objects++;
            }
        }
        if (objects == 0) {
            throw bad(name + " is empty");
        }
    }

    private String relative(Path file) {
        String text = file.toUri().getPath();
        String prefix = tablePath.toUri().getPath() + "/";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : file.toString();
    }

    private BadInputException bad(String what) {
        return new BadInputException("store.path " + root + ": table " + table + ": " + what);
    }

    private static String commitName(long version) {
        return String.format("%020d.json", version);
    }

    private static String abbreviate(String line) {
        String text = line.strip();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String firstLine(Exception e) {
        return firstLine(String.valueOf(e.getMessage()));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
