package io.sparknas.jobs.report;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.store.OutputFolder;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.Tables;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code report} command: an HTML page with PNG plots of one run. The page is written into a
 * fresh folder beside the target and moved into place at the end, so a failed report leaves the
 * previous one (or nothing) and never half a page. The target must be new, empty or an earlier
 * report ({@link OutputFolder}): {@code --out} pointed at the store, or at any other folder, is refused.
 */
public final class ReportJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
    public static final String INDEX = "index.html";

    /** What a report folder holds: the page, its PNG plots and the output marker. */
    static final OutputFolder.Kind KIND = new OutputFolder.Kind("report", INDEX, Pattern.compile("index\\.html|[^/]+\\.png"));
    private static final FileSystem LOCAL = localFileSystem();

    private ReportJob() {
    }

    /**
     * Checks, before anything is read or written, that the report's folder is new, empty or an earlier report.
     *
     * @return whether it holds an earlier report, which the new one replaces
     */
    public static boolean checkTarget(Path out) {
        Path target = out.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new BadInputException("report --out " + out + ": the file-system root cannot hold a report");
        }
        return OutputFolder.check(LOCAL, new org.apache.hadoop.fs.Path(target.toString()), KIND, "report --out");
    }

    private static FileSystem localFileSystem() {
        try {
            return FileSystem.getLocal(new Configuration()).getRaw(); // raw: no .crc files beside the page
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves the finished page into place. An earlier report there (checked before the run) is first moved
     * aside into a folder of this run's own, then deleted: never half a page, and never anything else.
     */
    private static void replace(Path target, Path staging, boolean replacing) throws IOException {
        if (!replacing) {
            Files.deleteIfExists(target); // an empty folder, or nothing
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path aside = Files.createTempDirectory(target.getParent(), target.getFileName() + ".old-");
        try {
            Files.move(target, aside.resolve("report"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileUtils.deleteQuietly(aside.toFile());
        }
    }

    /** The store's latest run (by start, then id): what {@code report} reports on without {@code --run-id}. */
    public static String latestRun(SparkSession spark, String storePath) {
        ResultStore store = new ResultStore(spark, storePath).checkExisting();
        List<Row> latest = store.exists(Tables.RUNS)
                ? store.read(Tables.RUNS)
                        .orderBy(col(Columns.STARTED_AT).desc(),
                                col(Columns.RUN_ID).desc())
                        .limit(1).collectAsList()
                : List.of();
        if (latest.isEmpty()) {
            throw new BadInputException("report: store " + store.root() + " holds no runs (give --run-id, or set store.path)");
        }
        return latest.get(0).getString(latest.get(0).fieldIndex(Columns.RUN_ID));
    }

    /** @return the summary: run id, the page's path, the plot files, notes */
    public static Map<String, Object> run(SparkSession spark, String storePath, String runId, Path out) {
        Names.check("--run-id", runId);
        Path target = out.toAbsolutePath().normalize();
        boolean replacing = checkTarget(target);
        // AWT must not look for a display: the report runs on servers and in CI
        System.setProperty("java.awt.headless", "true");
        ResultStore store = new ResultStore(spark, storePath);
        RunData run = RunData.load(store, runId);
        PredictorCheck.Result predictor = PredictorCheck.of(store, run);

        Map<String, XYChart> charts = new LinkedHashMap<>();
        charts.put("pareto.png", ReportCharts.pareto(run));
        charts.put("best-so-far.png", ReportCharts.bestSoFar(run));
        charts.put("hypervolume.png", ReportCharts.hypervolume(run));
        predictor.outcome().ifPresent(o -> charts.put("predictor.png", ReportCharts.predictor(o)));
        List<String> notes = new ArrayList<>(List.of(predictor.note()));
        if (!run.goals().isMultiObjective()) {
            notes.add("single-objective run: the Pareto plot shows the objective against parameters, and the hypervolume "
                    + "is measured in that plane (params were not optimised)");
        }

        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            // a folder of this run's own: the only one the report ever deletes unasked
            staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
            List<ReportPage.Figure> figures = new ArrayList<>();
            for (var chart : charts.entrySet()) {
                BitmapEncoder.saveBitmap(chart.getValue(), staging.resolve(chart.getKey()).toString(), BitmapEncoder.BitmapFormat.PNG);
                figures.add(new ReportPage.Figure(chart.getKey(), chart.getValue().getTitle()));
            }
            Files.writeString(staging.resolve(INDEX), ReportPage.html(run, figures, notes), StandardCharsets.UTF_8);
            OutputFolder.mark(LOCAL, new org.apache.hadoop.fs.Path(staging.toString()), KIND);
            replace(target, staging, replacing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + target, e);
        } finally {
            if (staging != null) {
                FileUtils.deleteQuietly(staging.toFile());
            }
        }
        LOG.info("report of run {} written to {}", runId, target.resolve(INDEX));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("index", target.resolve(INDEX).toString());
        summary.put("plots", List.copyOf(charts.keySet()));
        summary.put("notes", notes);
        return summary;
    }
}
