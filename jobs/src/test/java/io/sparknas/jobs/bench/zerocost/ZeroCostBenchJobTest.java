package io.sparknas.jobs.bench.zerocost;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZeroCostBenchJobTest extends LocalSpark {
    private static final String PUBLISHED = "nb201-zc-proxies-subset/nb201_zc_cifar.csv";

    private static ZeroCostBenchSummary bench(String... sets) {
        List<String> all = new ArrayList<>(List.of(
                "zero-cost-bench.tables=[\"" + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\"]",
                "zero-cost-bench.published=\"" + SharedBenchmarks.file(PUBLISHED) + "\""));
        all.addAll(List.of(sets));
        return ZeroCostBenchJob.run(spark(), NasConfig.load(null, all), new PrintStream(new ByteArrayOutputStream()));
    }

    /**
     * Eight of the published cells, scored on the executors at NB201's full size: our synflow must
     * order them as the published synflow does (it is data-free, so this checks the networks), and
     * the data proxies are computed for the first cells only when asked so.
     */
    @Test
    @Tag("slow")
    void scoresPublishedCellsOnTheExecutorsLikeThePublishedSynflow() {
        ZeroCostBenchSummary summary = bench("zero-cost-bench.cells=8", "zero-cost-bench.batch=4",
                "zero-cost-bench.data-proxy-cells=3", "zero-cost-bench.partitions=2");
        assertEquals(8, summary.cells());
        assertEquals(8, summary.publishedCellsInSample());
        assertEquals(3, summary.cellsWithDataProxies());
        assertEquals(0, summary.failed());
        ZeroCostBenchSummary.PublishedComparison synflow = summary.published().get(0);
        assertEquals("synflow", synflow.proxy());
        assertEquals(8, synflow.n());
        assertTrue(synflow.oursVsPublished() > 0.9, synflow.toString());
        assertEquals(8, summary.proxies().get(0).n());
        assertEquals(3, summary.proxies().get(1).n(), "naswot on the first 3 cells only");
    }

    @Test
    void theSampleIsSeededAndPutsThePublishedCellsFirst() {
        Map<String, Double> truth = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            truth.put("cell" + (char) ('a' + i), (double) i);
        }
        List<String> published = List.of("cellc", "cellk", "cellq");
        List<String> sample = ZeroCostBenchJob.sample(truth, published, 10, 5);
        assertEquals(sample, ZeroCostBenchJob.sample(truth, published, 10, 5));
        assertEquals(10, sample.stream().distinct().count());
        assertTrue(published.containsAll(sample.subList(0, 3)), sample.toString());
        assertTrue(!sample.equals(ZeroCostBenchJob.sample(truth, published, 10, 6)), "another seed, another sample");
    }

    @Test
    void aMissingTargetColumnOrTooManyCellsIsBadInput() {
        BadInputException column = assertThrows(BadInputException.class, () -> bench("zero-cost-bench.target=imagenet_acc"));
        assertTrue(column.getMessage().contains("column 'imagenet_acc'"), column.getMessage());
        BadInputException cells = assertThrows(BadInputException.class, () -> bench("zero-cost-bench.cells=20000"));
        assertTrue(cells.getMessage().contains("zero-cost-bench.cells"), cells.getMessage());
    }
}
