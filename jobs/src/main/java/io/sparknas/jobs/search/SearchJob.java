package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.engine.StepTimer;
import io.sparknas.jobs.engine.SearchEngine;
import io.sparknas.jobs.engine.SearchSettings;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.jobs.config.Console;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.prior.PriorSettings;
import io.sparknas.jobs.prior.Priors;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.PlatformCatalog;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.prior.WithPrior;
import io.sparknas.population.strategy.MapElites;
import io.sparknas.population.strategy.PredictorGuided;
import io.sparknas.evaluation.EvaluationResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code search} command: starts a run, or resumes an unfinished one from its last committed
 * generation with the configuration it was started with; a finished run id is a no-op. A run id another
 * live process is running is refused (or waited for): see {@link RunLease}.
 */
public final class SearchJob {
    private static final Logger LOG = LoggerFactory.getLogger(SearchJob.class);
    public static final String RUNNING = "RUNNING";
    public static final String FINISHED = "FINISHED";

    private final SparkSession spark;
    private final GenerationListener extraListener;

    public SearchJob(SparkSession spark, GenerationListener extraListener) {
        this.spark = spark;
        this.extraListener = extraListener;
    }

    /** Runs the search and returns its summary (the {@code --summary-json} object). */
    public Map<String, Object> run(NasConfig requested, String runIdOption) {
        String runId = runId(requested, runIdOption);
        Console.setRunId(runId);
        // nothing is written before the store, the config and the data have all been checked
        ResultStore store = new ResultStore(spark, StoreSettings.path(requested)).checkExisting();
        // how this invocation waits for a run another process holds: from the command, not the stored config
        RunLease.Settings leaseSettings = RunLease.Settings.from(requested);
        Optional<Row> existing = store.findRun(runId);
        if (existing.isPresent() && FINISHED.equals(existing.get().getString(existing.get().fieldIndex(Columns.STATUS)))) {
            return alreadyFinished(runId);
        }
        // a resumed run continues with the configuration it started with, whatever was passed now
        NasConfig config = existing.map(r -> NasConfig.fromRendered(r.getString(r.fieldIndex(Columns.CONFIG)))).orElse(requested);
        Timestamp startedAt = existing.map(r -> r.getTimestamp(r.fieldIndex(Columns.STARTED_AT))).orElse(Records.now());

        SearchJobSettings search = SearchJobSettings.from(config);
        SearchSpace space = Registry.space(config, SearchJobSettings.SPACE);
        SearchGoals goals = SearchJobSettings.goals(config);
        Objective objective = goals.primary();
        String report = search.reportMetric(goals);
        SearchStrategy cold = Registry.strategy(search.strategy(), space, goals, config, new SparkScoring(spark),
                new SparkProposing(spark));
        long seed = search.seed();
        SearchSettings settings = SearchJobSettings.loop(config, spark.sparkContext().defaultParallelism());
        CostMetrics costs = CostMetrics.forMetrics(goals.metrics(), HardwareSettings.classes(config));
        Evaluator evaluator = Registry.evaluator(search.evaluator(), spark, space, goals, report, config, seed);

        SuccessiveHalving halving = Registry.rungs(evaluator, objective, config);
        settings.checkSpendable(space, halving.rungs().size(), SearchJobSettings.BUDGET);
        // the prior is read (never written) before anything is written: a bad prior.* writes nothing
        Priors.Resolved prior = Priors.resolve(spark, config, space, objective,
                halving.rungs().stream().map(Evaluator::configDigest).toList(), runId,
                existing.map(r -> Columns.addedString(r, Columns.PRIOR)).orElse(null));
        SearchStrategy strategy = prior.wrap(cold, space, objective, PriorSettings.from(config));
        LOG.info("run {}: prior {}", runId, prior.description());

        // store.register: checked (nothing written yet), then the tables created and registered in the platform's catalog
        PlatformCatalog.of(spark, requested, store).ensureTables();
        String codeVersion = codeVersion();
        // the run's RUNNING row is written by taking its lease: a second process with this run id stops here
        Optional<RunLease> held = RunLease.acquire(spark, store, Records.run(runId, config.render(), seed, strategy.name(),
                space.name(), RUNNING, startedAt, null, codeVersion, null, null, prior.record()), leaseSettings);
        if (held.isEmpty()) {
            return alreadyFinished(runId); // by the process this one waited for
        }
        RunLease lease = held.get();
        // SIGTERM releases the run, so that the re-run it asks for need not wait for the lease to lapse
        Console.onInterrupt(lease::release);
        Console.inputChecked();
        try {
            Row taken = lease.row();
            if (existing.isEmpty() && !config.render().equals(taken.getString(taken.fieldIndex(Columns.CONFIG)))) {
                // another process started this run id with another config between the first read and the lease,
                // and has given it up since: resume it as any resumed run, with the config it was started with
                LOG.info("run {} was started meanwhile by another process: resuming it with its stored config", runId);
                lease.release();
                return run(requested, runId);
            }
            // the run's start is the first process's, also when this one took over a run started meanwhile
            startedAt = taken.getTimestamp(taken.fieldIndex(Columns.STARTED_AT));
            Optional<Map.Entry<Integer, String>> checkpoint = store.lastCheckpoint(runId);
            SearchState state = checkpoint.map(c -> SearchState.fromJson(c.getValue())).orElseGet(() -> strategy.start(seed));
            checkpoint.ifPresent(c -> LOG.info("run {}: resuming after committed generation {}", runId, c.getKey()));
            extraListener.started(runId, store.root(), checkpoint.isPresent());

            GenerationListener progress = new ProgressLog(settings.budget(), goals, report, state.getQueries());
            AtomicLong totalCacheHits = new AtomicLong();
            List<Map<String, Object>> stepSeconds = new java.util.ArrayList<>();
            // proposals a surrogate scored: the generation's share of the state's running count
            List<Map<String, Object>> proposals = new java.util.ArrayList<>();
            long[] scoredSoFar = {state.counter(PredictorGuided.PROPOSALS), 0};
            GenerationListener listeners = new GenerationListener() {
                @Override public void evaluated(String id, int generation) {
                    extraListener.evaluated(id, generation);
                }
                @Override public void committed(String id, SearchState s, long cacheHits) {
                    totalCacheHits.addAndGet(cacheHits);
                    scoredSoFar[1] = s.counter(PredictorGuided.PROPOSALS) - scoredSoFar[0];
                    scoredSoFar[0] = s.counter(PredictorGuided.PROPOSALS);
                    progress.committed(id, s, cacheHits);
                    extraListener.committed(id, s, cacheHits);
                }
                @Override public void timed(String id, int generation, Map<String, Double> seconds) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("generation", generation);
                    seconds.forEach((step, value) -> {
                        if (!step.equals(StepTimer.PREVIOUS_COMMIT_STATE)) {
                            row.put(step, value);
                        }
                    });
                    stepSeconds.add(row);
                    if (scoredSoFar[1] > 0) {
                        Map<String, Object> scored = new LinkedHashMap<>();
                        scored.put("generation", generation);
                        scored.put(Columns.PROPOSALS, scoredSoFar[1]);
                        scored.put(Columns.PROPOSALS_PER_S, scoredSoFar[1] / seconds.get(StepTimer.Step.ASK.key()));
                        proposals.add(scored);
                    }
                    extraListener.timed(id, generation, seconds);
                }
            };
            DeltaTrials trials = new DeltaTrials(spark, store, space, goals, costs.classes(), lease::checkHeld);
            new SearchEngine(space, strategy, halving, costs, settings, trials, new SparkRunner(spark, space, halving, costs, runId,
                    SearchJobSettings.LOOKUPS_ON_DRIVER.get(config)),
                    runId, listeners).run(state);

            // the FINISHED row clears the lease, and is written only while this process holds the run
            lease.finish(Records.run(runId, config.render(), seed, strategy.name(), space.name(), FINISHED, startedAt,
                    Records.now(), codeVersion, null, null, prior.record()));
            Map<String, Object> summary = summary(runId, state, objective, report, checkpoint.isPresent(), store);
            summary.put("objective", objective.metric());
            summary.put("report", report);
            if (goals.isMultiObjective()) {
                summary.put("front_size", frontSize(store, runId));
            }
            summary.put("prior", prior.description());
            // what this invocation did (not the run's whole history): candidates served from the store, commits retried
            summary.put("cache_hits", totalCacheHits.get());
            summary.put("commit_retries", store.commitRetries());
            // what each generation of this invocation spent per step, and the median over them
            summary.put("step_seconds", stepSeconds);
            summary.put("step_seconds_median", StepTimer.medians(stepSeconds));
            if (!proposals.isEmpty()) { // a surrogate scored proposals: how many, and how fast, per generation
                summary.put("proposals", proposals);
                summary.put("proposals_total", proposals.stream().mapToLong(p -> (Long) p.get(Columns.PROPOSALS)).sum());
                summary.put("proposals_per_s_median", new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(
                        proposals.stream().mapToDouble(p -> (Double) p.get(Columns.PROPOSALS_PER_S)).toArray()));
            }
            if (WithPrior.unwrap(strategy) instanceof DartsStrategy) { // the picks and α (also in checkpoints' state)
                summary.put(DartsStrategy.NAME, DartsStrategy.summary(state));
            }
            if (WithPrior.unwrap(strategy) instanceof MapElites mapElites) {
                Dataset<Row> evaluated = store.read(Tables.EVALUATIONS).filter(col(Columns.RUN_ID).equalTo(runId)
                        .and(col(Columns.STATUS).equalTo(EvaluationResult.Status.OK.name())));
                double[] archive = EliteArchiveFrames.coverageAndQdScore(
                        EliteArchiveFrames.elites(evaluated, mapElites.descriptors(), objective), mapElites.totalCells());
                summary.put("archive_coverage", archive[0]);
                summary.put("qd_score", archive[1]);
            }
            return summary;
        } catch (RuntimeException | Error e) {
            try {
                lease.release(); // a failed run is resumable at once, not only after the lease lapses (no-op once finished)
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
    }

    /** Architectures on the run's Pareto front: the first front of its last committed population. */
    private static long frontSize(ResultStore store, String runId) {
        Dataset<Row> populations = store.read(Tables.POPULATIONS).filter(col(Columns.RUN_ID).equalTo(runId));
        Integer last = populations.agg(org.apache.spark.sql.functions.max(Columns.GENERATION).as(Columns.GENERATION))
                .first().getAs(Columns.GENERATION);
        return last == null ? 0 : populations.filter(col(Columns.GENERATION).equalTo(last).and(col(Columns.IS_PARETO))).count();
    }

    private static Map<String, Object> alreadyFinished(String runId) {
        LOG.info("run {} is already finished: nothing to do", runId);
        return Map.of("run_id", runId, "status", FINISHED, "resumed", false, "already_finished", true);
    }

    private static Map<String, Object> summary(String runId, SearchState state, Objective objective, String report,
                                               boolean resumed, ResultStore store) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("status", FINISHED);
        summary.put("resumed", resumed);
        summary.put("generations", state.getGeneration());
        summary.put("queries", state.getQueries());
        Individual best = state.getBest();
        summary.put("best_arch", best == null ? null : best.arch());
        summary.put("best_objective", best == null ? null : best.metrics().get(objective.metric()));
        summary.put("best_report", best == null ? null : best.metrics().get(report));
        summary.put("store", store.root());
        return summary;
    }

    /**
     * {@code --run-id}, else {@code search.run-id}, else a new id. A given but empty id is refused, not
     * read as "new": an Airflow template that renders empty must not start a fresh run on every retry.
     */
    private static String runId(NasConfig config, String option) {
        if (option != null) {
            return Names.check("--run-id", option);
        }
        String configured = SearchJobSettings.RUN_ID.get(config); // checked as a plain name
        return configured.isEmpty() ? newRunId() : configured;
    }

    private static String newRunId() {
        return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    /** The jar's version (what runs.code_version records), or {@code dev} when run from classes (an IDE, a test). */
    public static String codeVersion() {
        String version = SearchJob.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
