package io.sparknas.population.space;

import io.sparknas.population.Genome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MobileNetCanonicalKeyTest {
    private final MobileNetSpace cifar = MobileNetSpace.cifar(10);

    @Test
    void theKeyListsActiveBlocksWithResolvedWidths() {
        Genome genome = cifar.parse("mbv3:"
                + "s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3)|"
                + "s2[d4,w0.75](k5e3,k7e6,k3e4,k3e6)|"
                + "s3[d3,w1.25](k7e6,k7e6,k7e6,~k3e3)|"
                + "s4[d2,w1.0](k3e3,k3e3,~k3e3,~k3e3)|"
                + "s5[d3,w1.0](k5e4,k5e4,k5e4,~k7e6)");
        assertEquals("mobilenet:"
                + "s1[d2,c24](k3e4,k5e6)|"
                + "s2[d4,c32](k5e3,k7e6,k3e4,k3e6)|"
                + "s3[d3,c104](k7e6,k7e6,k7e6)|"
                + "s4[d2,c112](k3e3,k3e3)|"
                + "s5[d3,c160](k5e4,k5e4,k5e4)", cifar.canonicalKey(genome));
    }

    @Test
    void genomesDifferingOnlyInInactiveGenesShareAKey() {
        Random rng = new Random(5);
        for (MobileNetSpace space : List.of(cifar, MobileNetSpace.imagenet(1000))) {
            for (int i = 0; i < 2_000; i++) {
                Genome genome = space.sample(rng);
                Genome rewritten = genome;
                for (int gene = 0; gene < space.length(); gene++) {
                    if (!space.isActive(genome, gene)) {
                        rewritten = rewritten.with(gene, rng.nextInt(space.choices(gene)));
                    }
                }
                assertEquals(space.canonicalKey(genome), space.canonicalKey(rewritten));
            }
        }
    }

    @Test
    void changingAnyActiveGeneChangesTheKeyInTheDefaultSpaces() {
        Random rng = new Random(6);
        for (MobileNetSpace space : List.of(cifar, MobileNetSpace.imagenet(1000))) {
            for (int i = 0; i < 300; i++) {
                Genome genome = space.sample(rng);
                String key = space.canonicalKey(genome);
                for (int gene = 0; gene < space.length(); gene++) {
                    if (!space.isActive(genome, gene)) {
                        continue;
                    }
                    for (int choice = 0; choice < space.choices(gene); choice++) {
                        if (choice != genome.get(gene)) {
                            assertNotEquals(key, space.canonicalKey(genome.with(gene, choice)),
                                    "gene " + gene + " -> " + choice + " of " + space.format(genome));
                        }
                    }
                }
            }
        }
    }

    @Test
    void multipliersThatRoundAlikeAndKernelsLargerThanTheMapShareAKey() {
        MobileNetSpace space = MobileNetSpaces.collapsing();
        Genome narrowSmallKernel = space.parse("mbv3:s1[d1,w0.75](k3e2,~k3e1)");
        Genome wideLargeKernel = space.parse("mbv3:s1[d1,w1.0](k5e2,~k5e2)");
        assertEquals("mobilenet:s1[d1,c8](k3e2)", space.canonicalKey(narrowSmallKernel));
        assertEquals(space.canonicalKey(narrowSmallKernel), space.canonicalKey(wideLargeKernel));
        assertNotEquals(space.canonicalKey(narrowSmallKernel), space.canonicalKey(space.parse("mbv3:s1[d1,w1.0](k5e1,~k5e2)")));
    }

    @Test
    void keysAreTheSameForEveryDecodeOfTheSameGenome() {
        Genome genome = cifar.sample(new Random(8));
        assertEquals(cifar.decode(genome).canonicalKey(), MobileNetSpace.cifar(10).canonicalKey(Genome.of(genome.toArray())));
    }
}
