package io.sparknas.jobs.bench.store;

import io.delta.tables.DeltaTable;
import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.Trial;
import io.sparknas.jobs.engine.TrialStore;
import io.sparknas.jobs.search.DeltaTrials;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchGoals;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.search.TrialRows;
import io.sparknas.jobs.spark.TemporaryFolders;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import org.apache.commons.io.FileUtils;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench commit-cost}: how one generation's commit grows with the store. The {@code evaluations}
 * table is filled with synthetic rows (keys no space makes) through {@link ResultStore#insertNew}, up to
 * each of {@code commit-cost.sizes}; at each size {@code commit-cost.repeats} generations of
 * {@code commit-cost.batch} real NB201 (or mobilenet) candidates are committed through the search's own
 * {@link DeltaTrials}, timing the cache lookup before evaluation, the results commit (evaluations,
 * candidates, populations) and the state commit (checkpoints).
 */
public final class CommitCostJob {
    private static final String RUN = "commit-cost";
    private static final String EVALUATOR = "synthetic";

    private CommitCostJob() {
    }

    /** The evaluator identity of the synthetic rows: what the cache lookup filters on. Evaluates nothing. */
    private record SyntheticRows() implements Evaluator {
        @Override public String name() {
            return EVALUATOR;
        }
        @Override public String fidelity() {
            return "full";
        }
        @Override public String configDigest() {
            return "commit-cost";
        }
        @Override public List<EvaluationResult> evaluate(List<Candidate> batch) {
            throw new UnsupportedOperationException("the commit-cost benchmark evaluates nothing");
        }
    }

    public static List<Map<String, Object>> run(SparkSession spark, NasConfig config, PrintStream out) {
        CommitCostSettings settings = CommitCostSettings.from(config);
        boolean temporary = settings.store().isEmpty();
        String root = temporary ? TemporaryFolders.create("sparknas-commit-cost-", "the benchmark's store") : settings.store();
        if (!temporary && exists(spark, root)) {
            throw CommitCostSettings.STORE.error(": '" + root + "' exists; give a new folder (the benchmark writes a store)");
        }
        try {
            return measure(spark, config, settings, new ResultStore(spark, root).ensureTables(), out);
        } finally {
            if (temporary) {
                FileUtils.deleteQuietly(new java.io.File(java.net.URI.create(root)));
            }
        }
    }

    private static List<Map<String, Object>> measure(SparkSession spark, NasConfig config, CommitCostSettings settings,
                                                     ResultStore store, PrintStream out) {
        SearchSpace space = Registry.space(config, SearchJobSettings.SPACE);
        // one objective, as in most searches: the synthetic rows and the populations carry val_acc
        SearchGoals goals = new SearchGoals(List.of(Objective.maximize("val_acc")), List.of(), List.of());
        DeltaTrials trials = new DeltaTrials(spark, store, space, goals, HardwareSettings.classes(config), generation -> { });
        Evaluator evaluator = new SyntheticRows();
        Random random = new Random(1);
        List<Map<String, Object>> summary = new ArrayList<>();
        out.printf("%12s %8s %10s %18s %16s %10s%n", "evaluations", "files", "lookup_s", "commit_results_s",
                "commit_state_s", "fill_s");
        long rows = 0;
        int generation = 0;
        for (int size : settings.sizes()) {
            long fillStart = System.nanoTime();
            while (rows < size) {
                int n = (int) Math.min(settings.chunk(), size - rows);
                List<Row> chunk = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    chunk.add(TrialRows.row(trial("synthetic-" + (rows + i), null, goals, random, -1)));
                }
                store.insertNew(Tables.EVALUATIONS, chunk);
                rows += n;
            }
            double fill = (System.nanoTime() - fillStart) / 1e9;
            long atSize = store.read(Tables.EVALUATIONS).count();
            double[] lookup = new double[settings.repeats()];
            double[] results = new double[settings.repeats()];
            double[] state = new double[settings.repeats()];
            for (int r = 0; r < settings.repeats(); r++, generation++) {
                List<Candidate> asked = candidates(space, settings.batch(), random);
                long t0 = System.nanoTime();
                trials.known(asked, evaluator);
                long t1 = System.nanoTime();
                List<Trial> fresh = new ArrayList<>();
                List<Individual> population = new ArrayList<>();
                for (Candidate c : asked) {
                    Trial trial = trial(c.canonicalKey(), c.arch(), goals, random, generation);
                    fresh.add(trial);
                    population.add(new Individual(c.genome(), c.arch(), c.canonicalKey(), trial.metrics(), generation));
                }
                SearchState searchState = SearchState.start(RUN, 1);
                searchState.setGeneration(generation + 1);
                searchState.setPopulation(population);
                long t2 = System.nanoTime();
                trials.commitResults(new TrialStore.Generation(RUN, generation, asked, fresh, searchState));
                long t3 = System.nanoTime();
                trials.commitState(RUN, generation, searchState, Map.of());
                long t4 = System.nanoTime();
                lookup[r] = (t1 - t0) / 1e9;
                results[r] = (t3 - t2) / 1e9;
                state[r] = (t4 - t3) / 1e9;
                rows += settings.batch();
            }
            long files = DeltaTable.forPath(spark, store.path(Tables.EVALUATIONS)).detail().first().<Long>getAs("numFiles");
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("evaluations", atSize);
            line.put("evaluations_files", files);
            line.put("lookup_s", new Median().evaluate(lookup));
            line.put("commit_results_s", new Median().evaluate(results));
            line.put("commit_state_s", new Median().evaluate(state));
            line.put("fill_s", fill);
            line.put("repeats", settings.repeats());
            line.put("batch", settings.batch());
            summary.add(line);
            out.printf("%12d %8d %10.3f %18.3f %16.3f %10.1f%n", atSize, files, (Double) line.get("lookup_s"),
                    (Double) line.get("commit_results_s"), (Double) line.get("commit_state_s"), fill);
        }
        return summary;
    }

    /** {@code count} distinct candidates of the space. */
    private static List<Candidate> candidates(SearchSpace space, int count, Random random) {
        Map<String, Candidate> distinct = new LinkedHashMap<>();
        while (distinct.size() < count) {
            Genome genome = space.sample(random);
            String key = space.canonicalKey(genome);
            distinct.putIfAbsent(key, new Candidate(key, space.format(genome), genome));
        }
        return List.copyOf(distinct.values());
    }

    /** An OK evaluation with a value for every metric the goals name. */
    private static Trial trial(String key, String arch, SearchGoals goals, Random random, int generation) {
        Map<String, Double> metrics = new HashMap<>();
        goals.metrics().forEach(m -> metrics.put(m, random.nextDouble()));
        return new Trial(key, EVALUATOR, "full", 0, RUN, generation < 0 ? null : generation, arch == null ? key : arch,
                metrics, EvaluationResult.Status.OK, null, 0.0, "driver", new Timestamp(System.currentTimeMillis()),
                "commit-cost");
    }

    private static boolean exists(SparkSession spark, String root) {
        Path path = new Path(root);
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
