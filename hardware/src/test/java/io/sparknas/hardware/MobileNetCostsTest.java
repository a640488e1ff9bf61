package io.sparknas.hardware;

import io.sparknas.population.Genome;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetChoices;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.StageSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MobileNetCostsTest {
    /**
     * 3×8×8 input, stem 3→8 at stride 2 (4×4), one stage of width 16 at stride 2 (2×2), head 16→32,
     * 10 classes. Choices: depth {1,2}, width ×{1,2}, kernel {3,5}, expansion {4,1}.
     */
    private static final MobileNetSpace TINY = new MobileNetSpace(3, 8, 10, 8, 2, List.of(new StageSpec(16, 2)), 32,
            new MobileNetChoices(List.of(1, 2), List.of(1.0, 2.0), List.of(3, 5), List.of(4, 1)));

    private static MobileNetArchitecture tiny(String blocks) {
        return TINY.decode(TINY.parse("mbv3:s1" + blocks));
    }

    @Test
    void oneBlockIsCountedByHand() {
        MobileNetArchitecture network = tiny("[d1,w1.0](k3e4,~k3e4)");
        // stem 9·3·8 + BN 16 | expand 8·32 + 64 | depthwise 9·32 + 64 | project 32·16 + 32 | head 16·32 + 64 | linear 32·10 + 10
        assertEquals(232 + 320 + 352 + 544 + 576 + 330, MobileNetCosts.params(network));
        // stem 216·4·4 | expand 256·4·4 | depthwise 288·2·2 | project 512·2·2 | head 512·2·2 | linear 320
        assertEquals(3_456 + 4_096 + 1_152 + 2_048 + 2_048 + 320, MobileNetCosts.flops(network));
        // stem 8·16 | expand 32·16 | depthwise 32·4 | project 16·4 | head 32·4 | pool 32 | logits 10
        assertEquals(128 + 512 + 128 + 64 + 128 + 32 + 10, MobileNetCosts.activationMemory(network));
    }

    @Test
    void aSecondBlockAddsItsThreeConvsAndAFreeResidual() {
        MobileNetArchitecture one = tiny("[d1,w1.0](k3e4,~k3e4)");
        MobileNetArchitecture two = tiny("[d2,w1.0](k3e4,k3e4)");
        assertTrue(two.stages().get(0).blocks().get(1).hasResidual());
        // 16→64→16 at 2×2: expand 1024 + 128, depthwise 576 + 128, project 1024 + 32
        assertEquals(1_152 + 704 + 1_056, MobileNetCosts.params(two) - MobileNetCosts.params(one));
        assertEquals(4_096 + 2_304 + 4_096, MobileNetCosts.flops(two) - MobileNetCosts.flops(one));
        assertEquals(256 + 256 + 64, MobileNetCosts.activationMemory(two) - MobileNetCosts.activationMemory(one));
    }

    @Test
    void anExpansionOfOneHasNoExpansionConv() {
        MobileNetArchitecture network = tiny("[d1,w1.0](k3e1,~k3e4)");
        // the block is depthwise 9·8 + 16 and project 8·16 + 32; stem, head and classifier as before
        assertEquals(232 + 88 + 160 + 576 + 330, MobileNetCosts.params(network));
        assertEquals(3_456 + 288 + 512 + 2_048 + 320, MobileNetCosts.flops(network));
        assertEquals(128 + 32 + 64 + 128 + 32 + 10, MobileNetCosts.activationMemory(network));
    }

    @Test
    void aLargerKernelOnlyGrowsTheDepthwiseConv() {
        MobileNetArchitecture k3 = tiny("[d1,w1.0](k3e4,~k3e4)");
        MobileNetArchitecture k5 = tiny("[d1,w1.0](k5e4,~k3e4)");
        assertEquals((25 - 9) * 32, MobileNetCosts.params(k5) - MobileNetCosts.params(k3));
        assertEquals((25 - 9) * 32 * 4, MobileNetCosts.flops(k5) - MobileNetCosts.flops(k3));
        assertEquals(MobileNetCosts.activationMemory(k3), MobileNetCosts.activationMemory(k5));
    }

    @Test
    void costsGrowWithEveryActiveChoice() {
        // the standard choices are listed in increasing order, so a larger index is a larger network
        MobileNetSpace space = MobileNetSpace.imagenet(1000);
        Random rng = new Random(31);
        int compared = 0;
        for (int i = 0; i < 100; i++) {
            Genome genome = space.sample(rng);
            MobileNetArchitecture network = space.decode(genome);
            for (int gene = 0; gene < space.length(); gene++) {
                if (!space.isActive(genome, gene) || genome.get(gene) + 1 == space.choices(gene)) {
                    continue;
                }
                MobileNetArchitecture larger = space.decode(genome.with(gene, genome.get(gene) + 1));
                String what = "gene " + gene + " of " + network.format();
                assertTrue(MobileNetCosts.params(larger) > MobileNetCosts.params(network), what);
                assertTrue(MobileNetCosts.flops(larger) > MobileNetCosts.flops(network), what);
                assertTrue(MobileNetCosts.activationMemory(larger) >= MobileNetCosts.activationMemory(network), what);
                compared++;
            }
        }
        assertTrue(compared > 2_000, "compared " + compared);
    }

    @Test
    void inactiveSlotsCostNothing() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        Random rng = new Random(32);
        for (int i = 0; i < 200; i++) {
            Genome genome = space.sample(rng);
            Genome rewritten = genome;
            for (int gene = 0; gene < space.length(); gene++) {
                if (!space.isActive(genome, gene)) {
                    rewritten = rewritten.with(gene, rng.nextInt(space.choices(gene)));
                }
            }
            assertEquals(MobileNetCosts.flops(space.decode(genome)), MobileNetCosts.flops(space.decode(rewritten)));
            assertEquals(MobileNetCosts.params(space.decode(genome)), MobileNetCosts.params(space.decode(rewritten)));
        }
    }

    @Test
    void paramsIgnoreResolutionAndFlopsScaleWithPixels() {
        MobileNetSpace small = MobileNetSpace.cifar(10);
        MobileNetSpace large = new MobileNetSpace(3, 64, 10, 16, 1, small.stages(), 960, small.choiceValues());
        double classifier = 960 * 10;
        double pooledAndLogits = 960 + 10;
        Random rng = new Random(33);
        for (int i = 0; i < 200; i++) {
            Genome genome = small.sample(rng);
            MobileNetArchitecture at32 = small.decode(genome);
            MobileNetArchitecture at64 = large.decode(genome);
            assertEquals(MobileNetCosts.params(at32), MobileNetCosts.params(at64));
            // every feature map doubles its side, so every conv does 4x the work; the classifier does not
            assertEquals(4 * (MobileNetCosts.flops(at32) - classifier), MobileNetCosts.flops(at64) - classifier);
            assertEquals(4 * (MobileNetCosts.activationMemory(at32) - pooledAndLogits),
                    MobileNetCosts.activationMemory(at64) - pooledAndLogits);
        }
    }

    @Test
    void inputChannelsAndClassesOnlyTouchTheStemAndClassifier() {
        MobileNetSpace rgb = MobileNetSpace.cifar(10);
        MobileNetSpace grey = new MobileNetSpace(1, 32, 100, 16, 1, rgb.stages(), 960, rgb.choiceValues());
        Genome genome = rgb.sample(new Random(34));
        MobileNetArchitecture a = rgb.decode(genome);
        MobileNetArchitecture b = grey.decode(genome);
        // stem loses 9·2·16 weights; classifier gains 90 outputs of 960 weights and a bias
        assertEquals(-288 + 90 * 961, MobileNetCosts.params(b) - MobileNetCosts.params(a));
        assertEquals(-288 * 32 * 32 + 90 * 960, MobileNetCosts.flops(b) - MobileNetCosts.flops(a));
        assertEquals(90, MobileNetCosts.activationMemory(b) - MobileNetCosts.activationMemory(a));
    }

    @Test
    void theImagenetExtremesHaveMobileSizedCosts() {
        MobileNetSpace space = MobileNetSpace.imagenet(1000);
        MobileNetArchitecture smallest = space.decode(Genome.of(new int[space.length()]));
        int[] largestGenes = new int[space.length()];
        Arrays.fill(largestGenes, 2);
        MobileNetArchitecture largest = space.decode(Genome.of(largestGenes));
        System.out.printf("mobilenet imagenet-224 smallest: %.2fM params %.1fM FLOPs; largest: %.2fM params %.1fM FLOPs%n",
                MobileNetCosts.params(smallest) / 1e6, MobileNetCosts.flops(smallest) / 1e6,
                MobileNetCosts.params(largest) / 1e6, MobileNetCosts.flops(largest) / 1e6);
        // loose bounds: mobile networks at 224 cost tens to hundreds of millions of multiply-adds, not billions
        assertTrue(MobileNetCosts.flops(smallest) > 30e6 && MobileNetCosts.flops(smallest) < 200e6);
        assertTrue(MobileNetCosts.flops(largest) > 300e6 && MobileNetCosts.flops(largest) < 2e9);
    }

    @Test
    void rejectsNull() {
        var e = assertThrows(IllegalArgumentException.class, () -> MobileNetCosts.flops(null));
        assertTrue(e.getMessage().contains("must not be null"), e.getMessage());
    }
}
