package io.sparknas.jobs.testing;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import org.apache.commons.io.FileUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A store written once per test JVM by a shrunken README quickstart: {@code conf/quickstart.conf} as shipped
 * (NSGA-II on {@code val_acc:max} and {@code params:min}, every candidate trained by dl4j-train on Debian's
 * Fashion-MNIST), cut to 8 candidates in 2 generations, each trained 1 epoch on 240 images and validated on 60.
 * Its metrics are the quickstart's, not NB201's: the store the notebooks must read as well as an NB201 one.
 */
public final class QuickstartStore extends LocalSpark {
    public static final String RUN = "quickstart";
    /** The quickstart's primary objective. */
    public static final String OBJECTIVE = "val_acc";
    private static Path store;

    private QuickstartStore() {
    }

    public static synchronized Path path() {
        if (store == null) {
            try {
                Path dir = Files.createTempDirectory("sparknas-quickstart-store");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(dir.toFile())));
                File quickstart = Path.of(System.getProperty("sparknas.repo.root", "..")).resolve("conf/quickstart.conf").toFile();
                NasConfig config = NasConfig.load(quickstart, List.of("store.path=\"" + dir + "\"", "search.budget=8",
                        "search.batch=4", "strategy.nsga2.population=4", "evaluator.dl4j-train.subset=300",
                        "evaluator.dl4j-train.fidelities=[]", "evaluator.dl4j-train.epochs=1"));
                new SearchJob(spark(), new GenerationListener() { }).run(config, RUN);
                store = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }
}
