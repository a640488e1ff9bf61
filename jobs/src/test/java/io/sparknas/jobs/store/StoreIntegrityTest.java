package io.sparknas.jobs.store;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.SearchedStore;
import io.sparknas.jobs.testing.StoreSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's files are checked before a command writes: each commit of each table is lines of JSON
 * objects, versions follow one another, and every data file of the latest snapshot exists. Each case
 * breaks one copy of a store two real searches wrote.
 */
class StoreIntegrityTest extends LocalSpark {
    private static Path written;
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeAStore() {
        written = SearchedStore.path();
    }

    private static Path copy(String name) throws IOException {
        return StoreSnapshot.copyTree(written, dir.resolve(name));
    }

    private static List<Path> commits(Path store, Tables table) throws IOException {
        try (Stream<Path> files = Files.list(store.resolve(table.tableName()).resolve("_delta_log"))) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        }
    }

    private static Path lastCommit(Path store, Tables table) throws IOException {
        List<Path> commits = commits(store, table);
        return commits.get(commits.size() - 1);
    }

    private static String refusal(Path store) {
        ResultStore opened = new ResultStore(spark(), store.toString());
        return assertThrows(BadInputException.class, opened::checkExisting).getMessage();
    }

    private static String prefix(Path store, Tables table) {
        return "store.path " + new ResultStore(spark(), store.toString()).root() + ": table " + table.tableName() + ": ";
    }

    /** {@code bin/nas search} on the store: exit 2, one line, and not one file under the store changed. */
    private static String searchRefuses(Path store) {
        Map<String, String> before = StoreSnapshot.files(store);
        List<String> args = new ArrayList<>(List.of("search", "--run-id", "integrity", "--set", "store.path=\"" + store + "\"",
                "--set", "search.budget=4", "--set", "search.batch=2"));
        nb201Cifar10().forEach(s -> args.addAll(List.of("--set", s)));
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        String message = err.toString().strip();
        assertEquals(NasCli.BAD_INPUT, code, message);
        assertFalse(message.contains("\n"), message);
        assertEquals(before, StoreSnapshot.files(store), "the refused search changed no file of the store");
        return message;
    }

    @Test
    void aHealthyStorePasses() throws IOException {
        new ResultStore(spark(), copy("healthy").toString()).checkExisting();
    }

    @Test
    void anEmptyLastCommitIsRefusedBeforeAnythingIsWritten() throws IOException {
        // Delta skips an empty last commit: the last generation's rows would vanish and the next run commit on top
        Path store = copy("empty-commit");
        Path last = lastCommit(store, Tables.RUNS);
        Files.write(last, new byte[0]);
        String expected = prefix(store, Tables.RUNS) + "commit " + last.getFileName() + " is empty";
        assertEquals(expected, refusal(store));
        assertEquals("sparknas: " + expected, searchRefuses(store));
    }

    @Test
    void aGarbageOrCutShortCommitIsRefused() throws IOException {
        Path store = copy("garbage-commit");
        Path last = lastCommit(store, Tables.EVALUATIONS);
        Files.writeString(last, "{\"commitInfo\": garbage\n");
        assertTrue(refusal(store).startsWith(prefix(store, Tables.EVALUATIONS) + "commit " + last.getFileName()
                + " is not JSON (line 1: "), refusal(store));
        assertTrue(searchRefuses(store).contains("table evaluations: commit " + last.getFileName() + " is not JSON"));

        Path cut = copy("cut-commit");
        Path commit = lastCommit(cut, Tables.CANDIDATES);
        String text = Files.readString(commit);
        int lines = (int) text.lines().count();
        Files.writeString(commit, text.substring(0, text.length() - 20)); // a write that stopped short
        assertTrue(refusal(cut).startsWith(prefix(cut, Tables.CANDIDATES) + "commit " + commit.getFileName()
                + " is not JSON (line " + lines + ": "), refusal(cut));

        Path notObjects = copy("not-objects");
        Path first = commits(notObjects, Tables.POPULATIONS).get(0);
        Files.writeString(first, "[1, 2]\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(refusal(notObjects).startsWith(prefix(notObjects, Tables.POPULATIONS) + "commit " + first.getFileName()
                + " is not JSON objects (line "), refusal(notObjects));
    }

    @Test
    void aGapInTheVersionsIsRefused() throws IOException {
        Path store = copy("gap");
        List<Path> commits = commits(store, Tables.RUNS);
        assertTrue(commits.size() >= 3, "runs has " + commits.size() + " commits");
        Path middle = commits.get(commits.size() - 2);
        Files.delete(middle);
        assertTrue(refusal(store).startsWith(prefix(store, Tables.RUNS) + "commit " + middle.getFileName() + " is missing"),
                refusal(store));
    }

    @Test
    void anUnreadableLastCheckpointIsRefused() throws IOException {
        Path store = copy("last-checkpoint");
        Files.writeString(store.resolve("evaluations/_delta_log/_last_checkpoint"), "{\"version\":");
        assertTrue(refusal(store).startsWith(prefix(store, Tables.EVALUATIONS) + "_delta_log/_last_checkpoint is not JSON"),
                refusal(store));
    }

    @Test
    void aMissingDataFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        // Delta only notices when a query reads the file: halfway through a run, exit 1 with a long trace
        Path store = copy("missing-data-file");
        ResultStore opened = new ResultStore(spark(), store.toString());
        String[] files = opened.read(Tables.CANDIDATES).inputFiles();
        assertTrue(files.length > 0);
        Path gone = Path.of(URI.create(files[0]));
        Files.delete(gone);
        String expected = prefix(store, Tables.CANDIDATES) + "data file " + gone.getFileName() + " is missing";
        assertTrue(refusal(store).startsWith(expected), refusal(store));
        assertTrue(searchRefuses(store).startsWith("sparknas: " + expected));
    }
}
