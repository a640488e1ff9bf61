package io.sparknas.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys that were renamed, old to new: a user's config that sets an old key is refused naming the new
 * one (exit 2), and the stored config of a run started by an earlier version is migrated when it is
 * read back ({@link NasConfig#fromRendered}), so the run still resumes and reports.
 */
public final class ConfigRenames {
    /** Old key to new key. */
    public static final Map<String, String> RENAMED = renamed();

    private ConfigRenames() {
    }

    private static Map<String, String> renamed() {
        Map<String, String> renamed = new LinkedHashMap<>();
        // the tabular evaluator's data, read by search and benchmark alike
        renamed.put("benchmark.tables", "evaluator.tabular.tables");
        renamed.put("benchmark.objective", "evaluator.tabular.objective");
        renamed.put("benchmark.fidelity", "evaluator.tabular.fidelity");
        // predictor-bench and train-predictor each get their own namespace (predictor.xgboost stays shared)
        renamed.put("predictor.kinds", "predictor-bench.kinds");
        renamed.put("predictor.train_sizes", "predictor-bench.train-sizes");
        renamed.put("predictor.seeds", "predictor-bench.seeds");
        for (String key : new String[]{"kind", "target", "space", "evaluator", "fidelity", "holdout", "min-train", "seed",
                "id", "spark-threshold", "spark-workers"}) {
            renamed.put("predictor." + key, "train-predictor." + key);
        }
        return Map.copyOf(renamed);
    }

    /** Refuses a user's key that was renamed: {@code config key 'OLD' was renamed to 'NEW'}. */
    static void refuse(String key, ConfigValue value) {
        String renamed = RENAMED.get(key);
        if (renamed != null) {
            throw ConfigErrors.renamed(key, renamed, NasConfig.origin(value));
        }
    }

    /**
     * A stored config as this version names its keys: each old key moved to its new name (unless the
     * new one is set too), and a search's report metric, which earlier versions read from
     * {@code benchmark.report}, copied to {@code search.report}.
     */
    static Config migrate(Config stored) {
        Config migrated = stored;
        if (stored.hasPath("benchmark.report") && !stored.hasPath("search.report")) {
            migrated = migrated.withValue("search.report", stored.getValue("benchmark.report"));
        }
        for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
            if (migrated.hasPath(rename.getKey())) {
                if (!migrated.hasPath(rename.getValue())) {
                    migrated = migrated.withValue(rename.getValue(), migrated.getValue(rename.getKey()));
                }
                migrated = migrated.withoutPath(rename.getKey());
            }
        }
        return migrated;
    }
}
