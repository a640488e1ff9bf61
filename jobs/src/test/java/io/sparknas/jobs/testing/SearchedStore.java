package io.sparknas.jobs.testing;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A store written once per test JVM by two real short searches on the NB201 tables, for the tests
 * that only read results (report, notebooks): run {@value #SINGLE} (regularized evolution on
 * validation accuracy) and run {@value #MULTI} (NSGA-II on validation accuracy and params).
 */
public final class SearchedStore extends LocalSpark {
    public static final String SINGLE = "so";
    public static final String MULTI = "moo";
    private static Path store;
    private static Map<String, Object> singleSummary;

    private SearchedStore() {
    }

    public static synchronized Path path() {
        if (store == null) {
            try {
                Path dir = Files.createTempDirectory("sparknas-searched-store");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(dir.toFile())));
                GenerationListener quiet = new GenerationListener() { };
                List<String> so = new ArrayList<>(nb201Cifar10());
                so.addAll(List.of("store.path=\"" + dir + "\"", "search.budget=20", "search.batch=10", "search.seed=5",
                        "strategy.regularized-evolution.population=10", "strategy.regularized-evolution.sample=3"));
                singleSummary = new SearchJob(spark(), quiet).run(NasConfig.load(null, so), SINGLE);
                List<String> moo = new ArrayList<>(nb201Cifar10());
                moo.addAll(List.of("store.path=\"" + dir + "\"", "search.strategy=nsga2", "search.budget=20", "search.batch=10",
                        "search.seed=5", "search.objectives=[\"cifar10_valid_val_acc:max\", \"params:min\"]",
                        "strategy.nsga2.population=10"));
                new SearchJob(spark(), quiet).run(NasConfig.load(null, moo), MULTI);
                store = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }

    /** The search job's summary of run {@value #SINGLE}. */
    public static Map<String, Object> singleObjectiveSummary() {
        path();
        return singleSummary;
    }
}
