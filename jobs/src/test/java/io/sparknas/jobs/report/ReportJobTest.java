package io.sparknas.jobs.report;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.HeadlessChromium;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.SearchedStore;
import io.sparknas.population.Objective;
import io.sparknas.population.pareto.Hypervolume;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report command over tables written by real short searches on the NB201 tables. */
@Tag("slow")
class ReportJobTest extends LocalSpark {
    private static Path store;
    private static Map<String, Object> singleObjective;

    @BeforeAll
    static void searchTwice() {
        store = SearchedStore.path();
        singleObjective = SearchedStore.singleObjectiveSummary();
    }

    static BufferedImage png(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " written");
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image != null, file + " decodes as an image");
        return image;
    }

    /** Distinct colours in the image: a blank or one-colour image has 1. */
    static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void aSingleObjectiveRunGetsItsPlotsAndTheBestArchitectureTheSearchReturned(@TempDir Path out) throws Exception {
        Map<String, Object> summary = ReportJob.run(spark(), store.toString(), "so", out);
        assertEquals(List.of("pareto.png", "best-so-far.png", "hypervolume.png"), summary.get("plots"));
        for (String plot : List.of("pareto.png", "best-so-far.png", "hypervolume.png")) {
            BufferedImage image = png(out.resolve(plot));
            assertEquals(ReportCharts.WIDTH, image.getWidth(), plot);
            assertEquals(ReportCharts.HEIGHT, image.getHeight(), plot);
            assertTrue(colours(image) > 20, plot + " has axes, text and points, not one colour");
            assertTrue(html(out).contains("<img src=\"" + plot + "\""), plot + " on the page");
        }
        String html = html(out);
        assertTrue(html.contains((String) singleObjective.get("best_arch")), "the page names the search's best architecture");
        assertTrue(html.contains(String.format("%.4f", (Double) singleObjective.get("best_objective"))));
        // every search creates the (empty) predictors table: the page says why there is no predictor plot
        assertTrue(html.contains("no predictor in the predictors table predicts a metric this run measured")
                || html.contains("no predictors table"), "the page explains the missing predictor plot");
        assertFalse(Files.exists(out.resolveSibling(out.getFileName() + ".partial-" + ProcessHandle.current().pid())));
    }

    @Test
    void theBestSoFarCurveIsTheRunningMaximumOfTheRunsEvaluations() {
        RunData run = RunData.load(new ResultStore(spark(), store.toString()), "so");
        assertEquals(20, run.evaluations().size(), "the run's own 20 queries, all OK");
        var best = ReportCharts.bestSoFar(run).getSeriesMap().get("best so far").getYData();
        List<Double> valid = spark().read().format("delta").load(store.resolve("evaluations").toString())
                .filter(col("run_id").equalTo("so")).orderBy("generation", "evaluated_at", "canonical_key")
                .selectExpr("metrics['cifar10_valid_val_acc']").collectAsList().stream().map(r -> r.getDouble(0)).toList();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < valid.size(); i++) {
            max = Math.max(max, valid.get(i));
            assertEquals(max, best[i], 0.0, "evaluation " + (i + 1));
        }
        assertEquals((Double) singleObjective.get("best_objective"), best[best.length - 1], 0.0);
    }

    @Test
    void aMultiObjectiveRunsHypervolumeIsTheHypervolumeOfEachGenerationsPopulation(@TempDir Path out) throws Exception {
        ReportJob.run(spark(), store.toString(), "moo", out);
        assertTrue(colours(png(out.resolve("pareto.png"))) > 20);
        RunData run = RunData.load(new ResultStore(spark(), store.toString()), "moo");
        double[] volumes = ReportCharts.hypervolume(run).getSeriesMap().get("hypervolume").getYData();
        // independently: the populations table's objectives, reference at the worst value of each
        List<Row> rows = spark().read().format("delta").load(store.resolve("populations").toString()).filter(col("run_id").equalTo("moo"))
                .selectExpr("generation", "objectives['cifar10_valid_val_acc']", "objectives['params']").collectAsList();
        double worstAcc = rows.stream().mapToDouble(r -> r.getDouble(1)).min().orElseThrow();
        double worstParams = rows.stream().mapToDouble(r -> r.getDouble(2)).max().orElseThrow();
        List<Integer> generations = rows.stream().map(r -> r.getInt(0)).distinct().sorted().toList();
        assertEquals(generations.size(), volumes.length, "one point per committed generation");
        for (int g = 0; g < generations.size(); g++) {
            int generation = generations.get(g);
            List<double[]> points = rows.stream().filter(r -> r.getInt(0) == generation)
                    .map(r -> new double[] {r.getDouble(1), -r.getDouble(2)}).toList();
            assertEquals(Hypervolume.of(points, new double[] {worstAcc, -worstParams}), volumes[g], 1e-9 * volumes[g]);
        }
        assertTrue(volumes[volumes.length - 1] > 0);
    }

    @Test
    void aStoredXgboostPredictorIsPlottedAgainstTheRunsMeasurements(@TempDir Path model, @TempDir Path out) throws Exception {
        // train-predictor's output, written here: a model file and a row of the predictors table
        RunData run = RunData.load(new ResultStore(spark(), store.toString()), "so");
        Nb201Space space = new Nb201Space();
        List<TrainingSet.Row> rows = run.evaluations().stream().map(e -> new TrainingSet.Row(space.decode(space.parse(e.arch())),
                e.metrics().get("cifar10_valid_val_acc"))).toList();
        XgboostPredictor predictor = Nb201Predictors.xgboost().fit(new TrainingSet("evaluations@test", "cifar10_valid_val_acc", rows), 1);
        String file = model.resolve("p1").toString();
        io.sparknas.jobs.predictors.SavedPredictors.save(predictor, file, spark().sparkContext().hadoopConfiguration());
        StructType schema = new StructType().add("predictor_id", DataTypes.StringType).add("kind", DataTypes.StringType)
                .add("target", DataTypes.StringType).add("trained_on_version", DataTypes.LongType).add("n_train", DataTypes.IntegerType)
                .add("kendall_tau", DataTypes.DoubleType).add("spearman", DataTypes.DoubleType).add("path", DataTypes.StringType)
                .add("created_at", DataTypes.TimestampType);
        String predictors = store.resolve(Tables.PREDICTORS.tableName()).toString();
        spark().createDataFrame(List.of(RowFactory.create("p1", "xgboost", "cifar10_valid_val_acc", 3L, rows.size(), 0.5, 0.6,
                file, new Timestamp(System.currentTimeMillis()))), schema).write().format("delta").mode("overwrite").save(predictors);
        try {
            Map<String, Object> summary = ReportJob.run(spark(), store.toString(), "so", out);
            assertTrue(((List<?>) summary.get("plots")).contains("predictor.png"));
            assertTrue(colours(png(out.resolve("predictor.png"))) > 20);
            PredictorCheck.Outcome outcome = PredictorCheck.of(new ResultStore(spark(), store.toString()), run).outcome().orElseThrow();
            assertEquals(run.evaluations().stream().map(RunData.Evaluation::canonicalKey).distinct().count(), outcome.measured().length);
            assertEquals(predictor.predictAll(run.evaluations().stream().map(e -> space.decode(space.parse(e.arch()))).distinct().toList()).length,
                    outcome.predicted().length);
            assertTrue(outcome.kendallTau() > 0.5, "fitted on these very architectures, tau " + outcome.kendallTau());
        } finally {
            org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File(predictors));
        }
    }

    @Test
    void anUnknownRunIdIsBadInputNamingIt(@TempDir Path out) {
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "report", "--run-id", "no-such-run",
                "--set", "store.path=\"" + store + "\"", "--out", out.resolve("r").toString());
        assertEquals(NasCli.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("no-such-run"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        assertFalse(Files.exists(out.resolve("r")), "nothing written");
    }

    /**
     * A report replaces an earlier report (its own marker says so) and nothing else: a folder that also
     * holds a user's file is refused with every file left as it was, and no staging folder is left behind.
     */
    @Test
    void aReportReplacesAnEarlierReportButNeverAFolderOfOtherFiles(@TempDir Path parent) throws Exception {
        Path out = parent.resolve("page");
        ReportJob.run(spark(), store.toString(), "so", out);
        assertTrue(Files.isRegularFile(out.resolve(io.sparknas.jobs.store.OutputFolder.MARKER)));
        Files.writeString(out.resolve("index.html"), "an older page");
        ReportJob.run(spark(), store.toString(), "so", out);
        assertTrue(Files.readString(out.resolve("index.html")).contains("<img"), "the earlier report was replaced");
        try (var siblings = Files.list(parent)) {
            assertEquals(List.of(out), siblings.toList(), "no staging or set-aside folder is left");
        }

        Files.writeString(out.resolve("notes.txt"), "mine");
        var before = io.sparknas.jobs.testing.StoreSnapshot.files(parent);
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "report", "--run-id", "so",
                "--set", "store.path=\"" + store + "\"", "--out", out.toString());
        assertEquals(NasCli.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("holds files that are not an earlier report (e.g. 'notes.txt')"), err.toString());
        assertEquals(before, io.sparknas.jobs.testing.StoreSnapshot.files(parent), "nothing changed");
    }

    /**
     * The page as a browser shows it: every img element decoded to its PNG's size (a probe script
     * appended to a copy of the page lists naturalWidth/Height after load), and a screenshot that
     * is not blank. The screenshot is kept in target/ for people to look at.
     */
    @Test
    void thePageRendersWithItsImagesInHeadlessChromium(@TempDir Path out, @TempDir Path scratch) throws Exception {
        ReportJob.run(spark(), store.toString(), "moo", out);
        String page = html(out);
        Path probe = out.resolve("probe.html");
        Files.writeString(probe, page.replace("</body>", "<script>window.addEventListener('load', () => {"
                + "for (const img of document.images) { const p = document.createElement('p'); p.className = 'probe';"
                + "p.textContent = 'PROBE ' + img.getAttribute('src') + ' ' + img.naturalWidth + 'x' + img.naturalHeight;"
                + "document.body.appendChild(p); } });</script></body>"));
        HeadlessChromium chromium = new HeadlessChromium(scratch);
        String dom = chromium.dumpDom(probe);
        List<String> probes = dom.lines().flatMap(l -> java.util.regex.Pattern.compile("<p class=\"probe\">PROBE ([^<]+)</p>").matcher(l).results())
                .map(m -> m.group(1).strip()).toList();
        String size = ReportCharts.WIDTH + "x" + ReportCharts.HEIGHT;
        assertEquals(List.of("pareto.png " + size, "best-so-far.png " + size, "hypervolume.png " + size), probes,
                "each img loaded and decoded by the browser");

        Path screenshot = scratch.resolve("report.png");
        chromium.screenshot(out.resolve(ReportJob.INDEX), screenshot, 1700, 1500);
        BufferedImage shot = png(screenshot);
        assertEquals(1700, shot.getWidth());
        assertTrue(colours(shot) > 200, "text, tables and plots, not a blank page: " + colours(shot) + " colours");
        Path kept = Path.of("target", "report-screenshot.png");
        Files.createDirectories(kept.getParent());
        Files.copy(screenshot, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String html(Path out) throws Exception {
        return Files.readString(out.resolve(ReportJob.INDEX));
    }
}
