package io.sparknas.evaluation.tabular;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.population.CheckpointableRandom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Looks candidates up in a tabular benchmark. The search sees the objective column and the extra
 * columns (e.g. a device's latency); the report column is carried alongside for reporting only. When the tables have several seeds per
 * architecture, each query draws one seed's value: the draw depends only on the evaluator's seed
 * and the architecture, so it is the same on any executor and after a resume.
 */
public final class TabularEvaluator implements Evaluator {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "tabular";

    private final TabularData data;
    private final String fidelity;
    private final long drawSeed;
    private final AtomicLong queries = new AtomicLong();

    public TabularEvaluator(TabularData data, String fidelity, long drawSeed) {
        this.data = data;
        this.fidelity = fidelity;
        this.drawSeed = drawSeed;
    }

    /** A row of the benchmark's tables, read from memory. */
    @Override
    public boolean isLookup() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The tables' content: the same numbers from other files (or paths) share the cache. */
    @Override
    public String configDigest() {
        return data.digest();
    }

    @Override
    public String fidelity() {
        return fidelity;
    }

    /** Queries answered by this instance (on the driver: the run's count; on executors: that copy's). */
    public long queries() {
        return queries.get();
    }

    @Override
    public List<EvaluationResult> evaluate(List<Candidate> batch) {
        List<EvaluationResult> results = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            queries.incrementAndGet();
            TabularData.Entry entry = data.get(candidate.arch());
            if (entry == null) {
                results.add(EvaluationResult.failed(candidate, "architecture not in the benchmark tables", TabularData.NO_SEED, 0));
                continue;
            }
            int draw = entry.seeds().length == 1 ? 0
                    : (int) Math.floorMod(CheckpointableRandom.mix(drawSeed * 0x9E3779B97F4A7C15L + candidate.arch().hashCode()),
                            (long) entry.seeds().length);
            Map<String, Double> metrics = new HashMap<>();
            metrics.put(data.reportColumn(), entry.report());
            for (int i = 0; i < entry.extras().length; i++) {
                metrics.put(data.extraColumns().get(i), entry.extras()[i]);
            }
            metrics.put(data.objectiveColumn(), entry.objective()[draw]); // the search sees one seed's value
            results.add(EvaluationResult.ok(candidate, metrics, entry.seeds()[draw], 0));
        }
        return results;
    }
}
