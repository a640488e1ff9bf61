package io.sparknas.jobs.config;

import io.sparknas.jobs.bench.benchmark.BenchmarkSettings;
import io.sparknas.jobs.bench.latency.LatencySettings;
import io.sparknas.jobs.bench.latency.ProfileLatencySettings;
import io.sparknas.jobs.bench.predictor.PredictorBenchSettings;
import io.sparknas.jobs.bench.throughput.ThroughputSettings;
import io.sparknas.jobs.bench.train.TrainBenchSettings;
import io.sparknas.jobs.bench.zerocost.ZeroCostSettings;
import io.sparknas.jobs.data.TabularSettings;
import io.sparknas.jobs.models.FinalSettings;
import io.sparknas.jobs.predictors.TrainPredictorSettings;
import io.sparknas.jobs.predictors.XgboostKeys;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.search.StrategySettings;
import io.sparknas.jobs.search.SuccessiveHalvingSettings;
import io.sparknas.jobs.search.TrainingEvaluators;
import io.sparknas.jobs.spark.SparkSessionSettings;
import io.sparknas.jobs.prior.PriorSettings;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.supernet.SupernetSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every config key, namespace by namespace: the settings classes' {@link Setting} lists. reference.conf
 * and docs/configuration.md are rendered from here ({@link #main}); ReferenceConfTest holds both to it.
 */
public final class ConfigReference {
    /** A namespace: its keys' common prefix, what it is for, and its settings. */
    public record Namespace(String name, String doc, List<Setting<?>> settings) {
    }

    public static final List<Namespace> NAMESPACES = List.of(
            new Namespace("store", "Where the Delta result tables live (every command that reads or writes them).",
                    StoreSettings.SETTINGS),
            new Namespace("spark", "The Spark session, when spark-submit did not set it.", SparkSessionSettings.SETTINGS),
            new Namespace("maintain", "The maintain command: OPTIMIZE then VACUUM of every result table.",
                    io.sparknas.jobs.maintain.MaintainJob.SETTINGS),
            new Namespace("search", "The search command; search.lease is the run's lease (runs.lease_owner / "
                    + "lease_expires_at): one process at a time works on a run id.", SearchJobSettings.SETTINGS),
            new Namespace("strategy", "Each strategy's own settings, wherever it runs (search, benchmark).",
                    StrategySettings.SETTINGS),
            new Namespace("prior", "Where a search (or each benchmark seed) starts from: what a store's earlier runs, "
                    + "or a trained predictor, know about the space; recorded in runs.prior.", PriorSettings.SETTINGS),
            new Namespace("evaluator.tabular", "The tabular evaluator (search.evaluator = tabular, and benchmark, "
                    + "predictor-bench): CSV / CSV.gz files joined on arch_str.", TabularSettings.SETTINGS),
            new Namespace("evaluator.dl4j-train", "search.evaluator = dl4j-train (and train-bench): every candidate is "
                    + "trained with Deeplearning4j on the executors, one candidate at a time per task, with spark.task.cpus "
                    + "threads. The training data (`dataset`) is either dataset files each executor reads itself "
                    + "(Fashion-MNIST IDX, CIFAR binary, in `folder`), or a table or an image folder: a Delta or Parquet "
                    + "table (or a catalog table) with an image column (PNG / JPEG bytes, raw uint8 pixels, or an array of "
                    + "numbers) and a label column (`table.*`), or a folder of PNG / JPEG files with one sub-folder per "
                    + "class. Those two are read with Spark on the driver, decoded, checked (a missing column, a wrong "
                    + "shape, an undecodable image, a single class or no rows at all exits 2 with one line before the "
                    + "search writes anything) and broadcast; each executor fetches them once and keeps its split for the "
                    + "JVM's life. Their images are put in a canonical order (label, then pixels), so the seeded subset "
                    + "and split depend on the images only; the same images as IDX files in that order train to the same "
                    + "accuracy. train-final trains on a table's train and validation rows and measures on the rows its "
                    + "split column marks test (it needs that column); it does not read image folders yet.",
                    TrainingEvaluators.SETTINGS),
            new Namespace("evaluator.supernet", "search.evaluator = supernet: NB201 candidates scored by the weights they "
                    + "inherit from a trained supernet (train-supernet), BatchNorm recalibrated per candidate, on "
                    + "evaluator.dl4j-train's data (which must be the data the supernet was trained on).",
                    SupernetSettings.EVALUATOR_SETTINGS),
            new Namespace("supernet", "The train-supernet command: the NB201 weight-sharing supernet trained by single-path "
                    + "sampling with evaluator.dl4j-train's data, skeleton and recipe; recorded in the supernets table.",
                    SupernetSettings.SETTINGS),
            new Namespace("successive-halving", "Successive halving over evaluator.dl4j-train.fidelities.",
                    SuccessiveHalvingSettings.SETTINGS),
            new Namespace("hardware", "The network shape behind the analytic costs.", HardwareSettings.SETTINGS),
            new Namespace("predictor.xgboost", "The booster's shape wherever an xgboost or xgboost-ensemble predictor is "
                    + "trained: train-predictor, predictor-bench and the predictor-guided surrogate (the other "
                    + "hyperparameters are fixed).", XgboostKeys.SETTINGS),
            new Namespace("benchmark", "The benchmark command: strategies x seeds on the tabular benchmark "
                    + "(evaluator.tabular), on the driver.", BenchmarkSettings.SETTINGS),
            new Namespace("predictor-bench", "The predictor-bench command: each kind trained on N architectures of "
                    + "evaluator.tabular.tables (mean of evaluator.tabular.objective over seeds), Kendall tau and Spearman "
                    + "rho on all the others.", PredictorBenchSettings.SETTINGS),
            new Namespace("train-predictor", "The train-predictor command: fit one predictor on the store's evaluations "
                    + "and record it in the predictors table.", TrainPredictorSettings.SETTINGS),
            new Namespace("final", "The train-final command: the K best architectures of a finished run trained at full "
                    + "fidelity on the executors, measured on the test split, recorded in the models table.",
                    FinalSettings.SETTINGS),
            new Namespace("train-bench", "The train-bench command: images/s of one network trained by "
                    + "evaluator.dl4j-train in a plain loop vs inside a Spark task.", TrainBenchSettings.SETTINGS),
            new Namespace("latency", "The latency-bench command: learn each device's latency from K measured cells, rank "
                    + "the rest.", LatencySettings.SETTINGS),
            new Namespace("throughput", "The throughput command: macro-space candidates generated, keyed, cost-scored and "
                    + "predicted per second per core, as one Spark Dataset job.", ThroughputSettings.SETTINGS),
            new Namespace("zero-cost-bench", "The zero-cost-bench command: zero-cost proxies of NB201 networks ranked "
                    + "against a column of the tables.", ZeroCostSettings.SETTINGS),
            new Namespace("profile-latency", "The profile-latency command: inference latency of sampled NB201 networks "
                    + "measured on the executors' CPUs, MERGEd into hardware_costs.", ProfileLatencySettings.SETTINGS),
            new Namespace("commit-cost", "The bench commit-cost command: one generation's commit timed against the size "
                    + "of the evaluations table, filled with synthetic rows through the store's API.",
                    io.sparknas.jobs.bench.store.CommitCostSettings.SETTINGS));

    private static final int WIDTH = 110;

    private ConfigReference() {
    }

    /** Every registered setting, in namespace order. */
    public static List<Setting<?>> all() {
        return NAMESPACES.stream().flatMap(n -> n.settings().stream()).toList();
    }

    /** reference.conf: each key with its doc as the comment above it, nested by namespace. */
    public static String hocon() {
        StringBuilder out = new StringBuilder();
        out.append("# sparknas defaults. Every key a user may set is listed here; an unknown key is an error (exit 2).\n")
                .append("# Override with --config FILE (HOCON) and --set key=value (HOCON value syntax: lists are [a,b]).\n")
                .append("# Generated from the settings classes (config/ConfigReference): edit a Setting, then regenerate with\n")
                .append("#   mvn -o -pl jobs -am test -Dtest=ReferenceConfTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dsparknas.regenerate=true\n");
        List<String> open = new ArrayList<>();
        for (Namespace namespace : NAMESPACES) {
            boolean first = true;
            for (Setting<?> setting : namespace.settings()) {
                List<String> path = List.of(setting.namespace().split("\\."));
                int common = 0;
                while (common < open.size() && common < path.size() && open.get(common).equals(path.get(common))) {
                    common++;
                }
                while (open.size() > common) {
                    open.remove(open.size() - 1);
                    out.append("  ".repeat(open.size())).append("}\n");
                }
                for (int i = common; i < path.size(); i++) {
                    out.append("\n");
                    if (first && String.join(".", path.subList(0, i + 1)).equals(namespace.name())) {
                        comment(out, namespace.doc(), i);
                    }
                    out.append("  ".repeat(i)).append(path.get(i)).append(" {\n");
                    open.add(path.get(i));
                }
                first = false;
                comment(out, setting.doc(), open.size());
                out.append("  ".repeat(open.size())).append(setting.key().substring(setting.key().lastIndexOf('.') + 1))
                        .append(" = ").append(setting.defaultValue()).append("\n");
            }
        }
        while (!open.isEmpty()) {
            open.remove(open.size() - 1);
            out.append("  ".repeat(open.size())).append("}\n");
        }
        return out.toString();
    }

    private static void comment(StringBuilder out, String text, int depth) {
        String indent = "  ".repeat(depth) + "# ";
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && indent.length() + line.length() + 1 + word.length() > WIDTH) {
                out.append(indent).append(line).append("\n");
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        out.append(indent).append(line).append("\n");
    }

    /** docs/configuration.md: one table per namespace (key, default, meaning), and the renamed keys. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated from the settings classes by io.sparknas.jobs.config.ConfigReference; do not edit. ")
                .append("Regenerate (with jobs/src/main/resources/reference.conf): mvn -o -pl jobs -am test ")
                .append("-Dtest=ReferenceConfTest -Dsurefire.failIfNoSpecifiedTests=false -Dsparknas.regenerate=true -->\n")
                .append("# Configuration\n\n")
                .append("Every key a command reads, by namespace. A config is HOCON: `--set key=value` overrides `--config FILE`, ")
                .append("which overrides these defaults (`jobs/src/main/resources/reference.conf`). An unknown key, a value of ")
                .append("the wrong type or out of range is an error naming the key (exit 2). Each command reads its own ")
                .append("namespace and the shared ones it names (store, spark, hardware, strategy, evaluator, predictor.xgboost).\n");
        for (Namespace namespace : NAMESPACES) {
            out.append("\n## ").append(namespace.name()).append("\n\n").append(namespace.doc()).append("\n\n")
                    .append("| key | default | meaning |\n|---|---|---|\n");
            for (Setting<?> setting : namespace.settings()) {
                out.append("| `").append(setting.key()).append("` | `").append(cell(setting.defaultValue())).append("` | ")
                        .append(cell(setting.doc())).append(" |\n");
            }
        }
        out.append("\n## Renamed keys\n\nA config that sets an old key is refused, naming the new one; a run stored by an ")
                .append("earlier version is migrated when it is resumed or reported.\n\n| old key | new key |\n|---|---|\n");
        ConfigRenames.RENAMED.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> out.append("| `").append(e.getKey()).append("` | `").append(e.getValue()).append("` |\n"));
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Writes reference.conf and docs/configuration.md under the checkout root {@code args[0]} (default: "."). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Files.writeString(root.resolve("jobs/src/main/resources/reference.conf"), hocon(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve("docs/configuration.md"), markdown(), StandardCharsets.UTF_8);
    }
}
