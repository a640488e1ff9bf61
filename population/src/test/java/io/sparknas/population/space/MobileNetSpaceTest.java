package io.sparknas.population.space;

import io.sparknas.population.Genome;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MobileNetSpaceTest {
    private final MobileNetSpace cifar = MobileNetSpace.cifar(10);
    private final MobileNetSpace imagenet = MobileNetSpace.imagenet(1000);

    @Test
    void defaultsHaveFiftyGenesOfThreeChoicesEach() {
        for (MobileNetSpace space : List.of(cifar, imagenet)) {
            assertEquals("mobilenet", space.name());
            assertEquals(5 * (2 + 2 * 4), space.length());
            for (int gene = 0; gene < space.length(); gene++) {
                assertEquals(3, space.choices(gene));
            }
            assertEquals(BigInteger.valueOf(3).pow(50), space.size());
            // per stage: 3 widths × (9² + 9³ + 9⁴) block sequences; nothing collapses in the defaults
            assertEquals(BigInteger.valueOf(3 * (81 + 729 + 6561)).pow(5), space.canonicalSize());
        }
        System.out.println("mobilenet default spaces: " + cifar.size() + " genomes, "
                + cifar.canonicalSize() + " distinct canonical keys");
    }

    @Test
    void resolutionsFollowTheStrides() {
        assertEquals(32, cifar.stemResolution());
        assertArrayEquals(new int[] {32, 16, 8, 8, 4}, outputResolutions(cifar));
        assertEquals(112, imagenet.stemResolution());
        assertArrayEquals(new int[] {56, 28, 14, 14, 7}, outputResolutions(imagenet));
        assertEquals(7, imagenet.finalResolution());
    }

    private static int[] outputResolutions(MobileNetSpace space) {
        int[] sizes = new int[space.stageCount()];
        for (int stage = 0; stage < sizes.length; stage++) {
            sizes[stage] = space.stageOutputResolution(stage);
        }
        return sizes;
    }

    @Test
    void widthMultipliersRoundToDistinctMultiplesOfEight() {
        int[][] expected = {{16, 24, 32}, {32, 40, 48}, {64, 80, 104}, {88, 112, 144}, {120, 160, 200}};
        for (int stage = 0; stage < 5; stage++) {
            for (int choice = 0; choice < 3; choice++) {
                assertEquals(expected[stage][choice], cifar.stageWidth(stage, choice), "stage " + stage + " choice " + choice);
            }
        }
        assertEquals(8, MobileNetSpace.roundChannels(3, 1.0), "never below one multiple of 8");
        assertEquals(64, MobileNetSpace.roundChannels(80, 0.75), "60 is halfway: rounds up");
    }

    @Test
    void canonicalSizeCountsTheDistinctKeysOfEveryGenome() {
        for (MobileNetSpace space : List.of(MobileNetSpaces.small(), MobileNetSpaces.collapsing())) {
            List<Genome> all = MobileNetSpaces.allGenomes(space);
            assertEquals(space.size(), BigInteger.valueOf(all.size()));
            Set<String> keys = new HashSet<>();
            all.forEach(genome -> keys.add(space.canonicalKey(genome)));
            assertEquals(space.canonicalSize(), BigInteger.valueOf(keys.size()), space.toString());
        }
        assertEquals(BigInteger.valueOf(4_096), MobileNetSpaces.small().size());
        assertEquals(BigInteger.valueOf(1_600), MobileNetSpaces.small().canonicalSize());
        assertEquals(BigInteger.valueOf(64), MobileNetSpaces.collapsing().size());
        assertEquals(BigInteger.valueOf(6), MobileNetSpaces.collapsing().canonicalSize());
    }

    @Test
    void geneLayoutIsDepthWidthThenKernelExpansionPairsPerSlot() {
        assertEquals(10, cifar.depthGene(1));
        assertEquals(11, cifar.widthGene(1));
        assertEquals(12, cifar.kernelGene(1, 0));
        assertEquals(13, cifar.expansionGene(1, 0));
        assertEquals(19, cifar.expansionGene(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> cifar.kernelGene(0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> cifar.depthGene(5));
    }

    @Test
    void slotsBeyondTheDepthAreInactive() {
        Genome genome = Genome.of(new int[50]).with(cifar.depthGene(0), 1); // stage 1 depth 3, others depth 2
        assertTrue(cifar.isActive(genome, cifar.depthGene(0)));
        assertTrue(cifar.isActive(genome, cifar.widthGene(0)));
        assertTrue(cifar.isActive(genome, cifar.expansionGene(0, 2)));
        assertFalse(cifar.isActive(genome, cifar.kernelGene(0, 3)));
        assertTrue(cifar.isActive(genome, cifar.kernelGene(1, 1)));
        assertFalse(cifar.isActive(genome, cifar.kernelGene(1, 2)));
    }

    @Test
    void decodingResolvesChannelsStridesAndResiduals() {
        Random rng = new Random(3);
        for (int i = 0; i < 200; i++) {
            Genome genome = imagenet.sample(rng);
            MobileNetArchitecture network = imagenet.decode(genome);
            int channels = imagenet.stemWidth();
            int size = imagenet.stemResolution();
            for (MobileNetStage stage : network.stages()) {
                assertEquals(imagenet.choiceValues().depths().get(genome.get(imagenet.depthGene(stage.index()))), stage.depth());
                assertEquals(stage.depth(), stage.blocks().size());
                for (MobileNetBlock block : stage.blocks()) {
                    assertEquals(channels, block.inChannels());
                    assertEquals(size, block.inputResolution());
                    assertEquals(block.expansion() * block.inChannels(), block.expandedChannels());
                    assertEquals(stage.channels(), block.outChannels());
                    boolean first = block == stage.blocks().get(0);
                    assertEquals(first ? stage.stride() : 1, block.stride());
                    assertEquals(!first || (stage.stride() == 1 && channels == stage.channels()), block.hasResidual());
                    channels = block.outChannels();
                    size = block.outputResolution();
                }
            }
            assertEquals(imagenet.finalResolution(), size);
            assertEquals(channels, network.lastStageWidth());
            assertEquals(genome, network.genome());
        }
    }

    @Test
    void effectiveKernelIsCappedByWhatTheFeatureMapCanReach() {
        assertEquals(7, MobileNetBlock.effectiveKernel(7, 4, 1), "offsets up to 3 reach real pixels on a 4x4 map");
        assertEquals(5, MobileNetBlock.effectiveKernel(7, 3, 1));
        assertEquals(3, MobileNetBlock.effectiveKernel(7, 2, 1));
        assertEquals(1, MobileNetBlock.effectiveKernel(5, 1, 1), "a 1x1 map only ever meets the centre weight");
        assertEquals(7, MobileNetBlock.effectiveKernel(7, 4, 2), "offset 3 from output 0 still reads pixel 3");
        assertEquals(3, MobileNetBlock.effectiveKernel(3, 224, 2));
    }

    @Test
    void decodeRejectsGenomesOutsideTheSpace() {
        var e = assertThrows(IllegalArgumentException.class, () -> cifar.decode(Genome.of(1, 2, 3)));
        assertTrue(e.getMessage().contains("expected 50"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cifar.decode(Genome.of(new int[50]).with(7, 3)));
        assertTrue(e.getMessage().contains("gene 7"), e.getMessage());
    }

    @Test
    void constructorRejectsImpossibleNetworksNamingTheSetting() {
        List<StageSpec> stages = List.of(new StageSpec(16, 2));
        MobileNetChoices standard = MobileNetChoices.standard();
        assertMessage("classes", () -> new MobileNetSpace(3, 32, 0, 16, 1, stages, 64, standard));
        assertMessage("headWidth", () -> new MobileNetSpace(3, 32, 10, 16, 1, stages, -1, standard));
        assertMessage("stages", () -> new MobileNetSpace(3, 32, 10, 16, 1, List.of(), 64, standard));
        assertMessage("stage s2 has stride 2 but receives a 1x1",
                () -> new MobileNetSpace(3, 2, 10, 16, 1, List.of(new StageSpec(16, 2), new StageSpec(16, 2)), 64, standard));
        assertMessage("the stem has stride 4", () -> new MobileNetSpace(3, 2, 10, 16, 4, stages, 64, standard));
        assertMessage("stage width", () -> new StageSpec(0, 1));
        assertMessage("kernels must be positive and odd",
                () -> new MobileNetChoices(List.of(2), List.of(1.0), List.of(3, 4), List.of(6)));
        assertMessage("depths must not repeat", () -> new MobileNetChoices(List.of(2, 2), List.of(1.0), List.of(3), List.of(6)));
        assertMessage("widthMultipliers must be positive",
                () -> new MobileNetChoices(List.of(2), List.of(0.0), List.of(3), List.of(6)));
        assertMessage("expansions must offer at least one",
                () -> new MobileNetChoices(List.of(2), List.of(1.0), List.of(3), List.of()));
    }

    @Test
    void survivesJavaSerializationForSparkExecutors() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(imagenet);
        }
        MobileNetSpace copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MobileNetSpace) in.readObject();
        }
        Genome genome = imagenet.sample(new Random(9));
        assertEquals(imagenet.canonicalKey(genome), copy.canonicalKey(genome));
        assertEquals(imagenet.format(genome), copy.format(genome));
        assertEquals(imagenet.toString(), copy.toString());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable construction) {
        var e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
