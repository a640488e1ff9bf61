package io.sparknas.jobs.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shipped view files, {@code sql/views/<view>.sql}, are the statements the code runs ({@link SqlCatalog#createView}),
 * with placeholders for the schema and the leaderboard's metric columns. The code is their one home: the files are
 * rendered from it, and {@code -Dsparknas.regenerate=true} rewrites them (as for reference.conf).
 */
class ViewFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
            .getParent();
    static final Path FOLDER = ROOT.resolve("sql/views");

    static String rendering(String view) {
        return "-- sparknas view " + view + ": " + SqlCatalog.viewComment(view).replaceFirst("^sparknas: ", "") + "\n"
                + "-- Rendered from jobs/src/main/java/io/sparknas/jobs/store/SqlCatalog.java (ViewFilesTest checks it; run it with\n"
                + "-- -Dsparknas.regenerate=true to rewrite these files). Replace " + SqlCatalog.SCHEMA_PLACEHOLDER
                + " with the schema of the tables,\n"
                + "-- e.g. sparknas or `main`.`sparknas`"
                + (view.equals(Tables.LEADERBOARD) ? ", and " + SqlCatalog.METRIC_COLUMNS_PLACEHOLDER
                        + " with one \", avg(e.metrics['m']) AS `m`\"\n-- per metric m (or nothing)" : "")
                + ". store.register creates it (see docs/tables-and-sql.md).\n"
                + SqlCatalog.createView(view, SqlCatalog.SCHEMA_PLACEHOLDER, SqlCatalog.METRIC_COLUMNS_PLACEHOLDER, true) + ";\n";
    }

    @Test
    void theShippedViewFilesAreWhatTheCodeCreates() throws IOException {
        if (Boolean.getBoolean("sparknas.regenerate")) {
            Files.createDirectories(FOLDER);
            try (Stream<Path> old = Files.list(FOLDER)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            for (String view : Tables.VIEWS) {
                Files.writeString(FOLDER.resolve(view + ".sql"), rendering(view), StandardCharsets.UTF_8);
            }
        }
        try (Stream<Path> files = Files.list(FOLDER)) {
            assertEquals(Tables.VIEWS.stream().map(v -> v + ".sql").sorted().toList(),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "one file per view in " + FOLDER);
        }
        for (String view : Tables.VIEWS) {
            assertEquals(rendering(view), Files.readString(FOLDER.resolve(view + ".sql"), StandardCharsets.UTF_8),
                    view + ".sql differs from what the code creates: regenerate (see its header)");
        }
    }

    @Test
    void theMetricColumnsAreQuoted() {
        assertEquals(", avg(e.metrics['a\\'b']) AS `a'b`, avg(e.metrics['x`y']) AS `x``y`",
                SqlCatalog.metricColumns(List.of("a'b", "rank", "x`y")));
    }
}
