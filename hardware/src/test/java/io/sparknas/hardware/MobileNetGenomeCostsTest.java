package io.sparknas.hardware;

import io.sparknas.population.Genome;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetChoices;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.StageSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The gene-level fast path prices every genome exactly as {@link MobileNetCosts} prices its decoded network. */
class MobileNetGenomeCostsTest {
    /**
     * Three stages on a 16×16 input with a stride-2 stem, expansion 1 (no expansion conv) among the
     * choices, kernels larger than the last maps and multipliers that round alike: every branch of
     * both counters.
     */
    private static final MobileNetSpace ODD = new MobileNetSpace(1, 16, 7, 8, 2,
            List.of(new StageSpec(8, 1), new StageSpec(16, 2), new StageSpec(24, 2)), 40,
            new MobileNetChoices(List.of(1, 2, 3), List.of(0.75, 1.0, 1.5), List.of(3, 5, 7), List.of(1, 2, 6)));

    /** Two stages, two choices per gene: 4,096 genomes, few enough to price them all. */
    private static final MobileNetSpace SMALL = new MobileNetSpace(3, 8, 10, 8, 1,
            List.of(new StageSpec(16, 2), new StageSpec(24, 1)), 32,
            new MobileNetChoices(List.of(1, 2), List.of(1.0, 2.0), List.of(3, 5), List.of(1, 6)));

    @Test
    void sampledGenomesCostWhatTheirDecodedNetworksCost() {
        long seed = 1;
        for (MobileNetSpace space : List.of(MobileNetSpace.cifar(10), MobileNetSpace.imagenet(1000), ODD)) {
            MobileNetGenomeCosts costs = new MobileNetGenomeCosts(space);
            Random random = new Random(seed++);
            double[] out = new double[2];
            for (int i = 0; i < 3000; i++) {
                assertAgree(costs, space.decode(space.sample(random)), out);
            }
        }
    }

    @Test
    void everyGenomeOfASmallSpaceCostsWhatItsDecodedNetworkCosts() {
        MobileNetGenomeCosts costs = new MobileNetGenomeCosts(SMALL);
        double[] out = new double[2];
        int[] genes = new int[SMALL.length()];
        int priced = 0;
        while (true) {
            assertAgree(costs, SMALL.decode(Genome.of(genes)), out);
            priced++;
            int gene = 0;
            while (gene < genes.length && ++genes[gene] == SMALL.choices(gene)) {
                genes[gene++] = 0;
            }
            if (gene == genes.length) {
                break;
            }
        }
        assertEquals(4096, priced);
    }

    @Test
    void theCostsDependOnTheGenes() {
        // guards the agreement tests against a fast path (or counter) that ignores its input
        MobileNetSpace space = MobileNetSpace.cifar(10);
        MobileNetGenomeCosts costs = new MobileNetGenomeCosts(space);
        Genome small = space.parse("mbv3:s1[d2,w0.75](k3e3,k3e3,~k3e3,~k3e3)|s2[d2,w0.75](k3e3,k3e3,~k3e3,~k3e3)|"
                + "s3[d2,w0.75](k3e3,k3e3,~k3e3,~k3e3)|s4[d2,w0.75](k3e3,k3e3,~k3e3,~k3e3)|s5[d2,w0.75](k3e3,k3e3,~k3e3,~k3e3)");
        Genome large = space.parse("mbv3:s1[d4,w1.25](k7e6,k7e6,k7e6,k7e6)|s2[d4,w1.25](k7e6,k7e6,k7e6,k7e6)|"
                + "s3[d4,w1.25](k7e6,k7e6,k7e6,k7e6)|s4[d4,w1.25](k7e6,k7e6,k7e6,k7e6)|s5[d4,w1.25](k7e6,k7e6,k7e6,k7e6)");
        double[] a = new double[2];
        double[] b = new double[2];
        costs.costs(small.toArray(), a);
        costs.costs(large.toArray(), b);
        assertNotEquals(a[0], b[0]);
        assertNotEquals(a[1], b[1]);
        assertAgree(costs, space.decode(small), a);
        assertAgree(costs, space.decode(large), b);
    }

    private static void assertAgree(MobileNetGenomeCosts costs, MobileNetArchitecture network, double[] out) {
        costs.costs(network.genome().toArray(), out);
        assertEquals(MobileNetCosts.params(network), out[0], 0.0, network.format());
        assertEquals(MobileNetCosts.flops(network), out[1], 0.0, network.format());
    }
}
