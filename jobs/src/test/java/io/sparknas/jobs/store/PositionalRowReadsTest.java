package io.sparknas.jobs.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark {@code Row}s are read by column name ({@code row.getString(row.fieldIndex(Columns.ARCH))},
 * {@code row.getAs(Columns.ARCH)}, or a record's {@code of(Row)} that does so), never by position:
 * {@code row.getString(3)} breaks silently when a schema gains or reorders a column. This scans
 * {@code jobs/src/main/java} for positional reads; plain text, no Spark.
 */
class PositionalRowReadsTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final String PACKAGE = "io/sparknas/jobs/";

    /**
     * Files (relative to {@code io/sparknas/jobs/}) that may read rows by position: none. An adapter
     * that had to read its table by position would go here with its reason.
     */
    static final Set<String> ALLOWED = Set.of();

    /** A column index: an int literal, alone or in a sum with names ({@code 3}, {@code 1 + p}, {@code c + 1}). */
    private static final String INDEX = "\\(\\s*(?:\\w+\\s*[-+]\\s*)*\\d+(?:\\s*[-+]\\s*\\w+)*\\s*\\)";
    /** An optional type witness, as in {@code row.<String>getAs(3)}. */
    private static final String WITNESS = "(?:<[\\w\\s,.<>?]*>)?";
    /**
     * Row's getters by index. Typesafe Config's getters of the same names take a key, and
     * java.util.List has none of them, so an int index here is a Row's column.
     */
    static final Pattern ROW_GETTER = Pattern.compile("\\." + WITNESS + "(?:getString|getInt|getLong|getDouble|getFloat"
            + "|getShort|getByte|getBoolean|getDecimal|getDate|getLocalDate|getTimestamp|getInstant|getJavaMap|getMap"
            + "|getList|getSeq|getStruct|getAs|isNullAt)" + INDEX);
    /** A variable declared as a Row ({@code Row row}, {@code (Row r) ->}, {@code for (Row cell : ...)}). */
    private static final Pattern ROW_DECLARATION = Pattern.compile("\\bRow\\s+(\\w+)\\b");
    /** Names the code gives untyped lambda parameters that are Rows ({@code r -> r.get(1)}). */
    private static final Set<String> ROW_NAMES = Set.of("row", "r");

    @Test
    void noPositionalRowReadOutsideTheAllowedFiles() throws IOException {
        List<Path> files = javaFiles();
        assertTrue(files.size() > 50, "scanned " + SOURCES.toAbsolutePath() + ": " + files.size() + " files");
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            if (!ALLOWED.contains(relative(file))) {
                found.addAll(positionalReads(file));
            }
        }
        assertTrue(found.isEmpty(), "Rows read by position (read by column name, see store/Columns.java):\n"
                + String.join("\n", found));
    }

    /** The list only shrinks: a file that reads by name now, or is gone, must leave it. */
    @Test
    void everyAllowedFileStillReadsByPosition() throws IOException {
        Set<String> present = javaFiles().stream().map(PositionalRowReadsTest::relative).collect(Collectors.toSet());
        for (String allowed : new TreeSet<>(ALLOWED)) {
            assertTrue(present.contains(allowed), "allowed file " + allowed + " is not in " + SOURCES + ": drop it from ALLOWED");
            assertFalse(positionalReads(SOURCES.resolve(PACKAGE + allowed)).isEmpty(),
                    allowed + " reads no Row by position any more: drop it from ALLOWED");
        }
    }

    @Test
    void thePatternsCatchIndexReadsAndSpareNamesAndLists() {
        String declarations = "Row winner = first; for (Row cell : cells) {";
        for (String read : List.of("row.getString(3)", "r.getDouble(6)", "winner.getLong( 7 )", "row.get(1)",
                "row.getJavaMap(2)", "row.isNullAt(1 + p)", "row.getDouble(c + 1)", "cell.<String>getAs(0)",
                "r.getInt(0)", "x.getStruct(2 + n + c)", "cell.get(2)")) {
            assertEquals(1, positionalReads(List.of(declarations, "    use(" + read + ");")).size(), read);
        }
        for (String read : List.of("row.getString(row.fieldIndex(Columns.ARCH))", "row.<Long>getAs(Columns.SEED)",
                "asked.get(0)", "columns.get(i)", "objectives.get(1)", "config.getInt(\"throughput.batch\")",
                "config.getString(PREFIX + \"target\")", "row.isNullAt(value)", "// row.getString(3) in a comment",
                " * {@code row.getString(3)} in Javadoc")) {
            assertEquals(List.of(), positionalReads(List.of(declarations, "    " + read)), read);
        }
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String relative(Path file) {
        String path = SOURCES.relativize(file).toString().replace('\\', '/');
        return path.startsWith(PACKAGE) ? path.substring(PACKAGE.length()) : path;
    }

    private static List<String> positionalReads(Path file) {
        try {
            return positionalReads(Files.readAllLines(file)).stream()
                    .map(hit -> SOURCES.resolve(PACKAGE).relativize(file).toString().replace('\\', '/') + ":" + hit)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** {@code line: text} of each positional read among {@code lines} (comment lines skipped). */
    static List<String> positionalReads(List<String> lines) {
        Set<String> rows = new TreeSet<>(ROW_NAMES);
        lines.forEach(line -> {
            Matcher declared = ROW_DECLARATION.matcher(line);
            while (declared.find()) {
                rows.add(declared.group(1));
            }
        });
        Pattern rowGet = Pattern.compile("\\b(?:" + String.join("|", rows) + ")\\." + WITNESS + "get" + INDEX);
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).strip();
            if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
                continue;
            }
            if (ROW_GETTER.matcher(code).find() || rowGet.matcher(code).find()) {
                hits.add((i + 1) + ": " + code);
            }
        }
        return hits;
    }
}
