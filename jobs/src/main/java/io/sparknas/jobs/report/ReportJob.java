package io.sparknas.jobs.report;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.store.ResultStore;
import org.apache.commons.io.FileUtils;
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

/**
 * The {@code report} command: an HTML page with PNG plots of one run. The page is written into a
 * fresh folder beside the target and moved into place at the end, so a failed report leaves the
 * previous one (or nothing) and never half a page.
 */
public final class ReportJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
    public static final String INDEX = "index.html";

    private ReportJob() {
    }

    /** @return the summary: run id, the page's path, the plot files, notes */
    public static Map<String, Object> run(SparkSession spark, String storePath, String runId, Path out) {
        if (runId == null || runId.isBlank()) {
            throw new BadInputException("--run-id must name a run");
        }
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

        Path target = out.toAbsolutePath().normalize();
        Path staging = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            FileUtils.deleteDirectory(staging.toFile());
            Files.createDirectories(staging);
            List<ReportPage.Figure> figures = new ArrayList<>();
            for (var chart : charts.entrySet()) {
                BitmapEncoder.saveBitmap(chart.getValue(), staging.resolve(chart.getKey()).toString(), BitmapEncoder.BitmapFormat.PNG);
                figures.add(new ReportPage.Figure(chart.getKey(), chart.getValue().getTitle()));
            }
            Files.writeString(staging.resolve(INDEX), ReportPage.html(run, figures, notes), StandardCharsets.UTF_8);
            FileUtils.deleteDirectory(target.toFile());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + target, e);
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
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
