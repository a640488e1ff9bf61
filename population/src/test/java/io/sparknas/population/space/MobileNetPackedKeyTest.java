package io.sparknas.population.space;

import io.sparknas.population.Genome;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed key is the canonical key in two longs: equal codes exactly when the strings are equal.
 * The throughput benchmark relies on that (it keeps the best candidate's code, not its string) and on
 * the code being a function of the space and the genes alone (each Spark task builds its own encoder).
 */
class MobileNetPackedKeyTest {
    private static final MobileNetSpace CIFAR = MobileNetSpace.cifar(10);
    private static final MobileNetSpace IMAGENET = MobileNetSpace.imagenet(1000);

    @Test
    void sampledGenomesShareACodeExactlyWhenTheyShareACanonicalKey() {
        for (MobileNetSpace space : List.of(CIFAR, IMAGENET)) {
            MobileNetPackedKey packed = new MobileNetPackedKey(space);
            Random random = new Random(5);
            Map<String, String> keyOfCode = new HashMap<>();
            Map<String, String> codeOfKey = new HashMap<>();
            for (int i = 0; i < 20000; i++) {
                Genome genome = space.sample(random);
                int[] genes = genome.toArray();
                // narrow the choices on half the samples (values 0..1) so that codes are alike, and on a
                // quarter keep only two genes of the sample (the rest 0) so that keys repeat
                if (i % 4 == 0) {
                    int kept = random.nextInt(genes.length);
                    int alsoKept = random.nextInt(genes.length);
                    for (int gene = 0; gene < genes.length; gene++) {
                        genes[gene] = gene == kept || gene == alsoKept ? genes[gene] : 0;
                    }
                    genome = Genome.of(genes);
                } else if (i % 2 == 0) {
                    for (int gene = 0; gene < genes.length; gene++) {
                        genes[gene] = Math.min(genes[gene], 1);
                    }
                    genome = Genome.of(genes);
                }
                int[] twin = genes.clone();
                for (int gene = 0; gene < twin.length; gene++) {
                    if (!space.isActive(genome, gene)) {
                        twin[gene] = (twin[gene] + 1 + random.nextInt(2)) % space.choices(gene);
                    }
                }
                String key = space.canonicalKey(genome);
                assertEquals(key, space.canonicalKey(Genome.of(twin)));
                assertArrayEquals(code(packed, genes), code(packed, twin), "one key, two codes: " + key);
                assertOneToOne(keyOfCode, codeOfKey, key, code(packed, genes));
            }
            assertTrue(keyOfCode.size() < 20000, "the sparse samples repeat keys: " + keyOfCode.size());
        }
    }

    @Test
    void everyGenomeOfSmallSpacesSharesACodeExactlyWhenItSharesACanonicalKey() {
        for (MobileNetSpace space : List.of(MobileNetSpaces.small(), MobileNetSpaces.collapsing())) {
            MobileNetPackedKey packed = new MobileNetPackedKey(space);
            Map<String, String> keyOfCode = new HashMap<>();
            Map<String, String> codeOfKey = new HashMap<>();
            List<Genome> all = MobileNetSpaces.allGenomes(space);
            for (Genome genome : all) {
                assertOneToOne(keyOfCode, codeOfKey, space.canonicalKey(genome), code(packed, genome.toArray()));
            }
            assertEquals(space.canonicalSize().intValueExact(), keyOfCode.size(), space.toString());
            assertTrue(keyOfCode.size() < all.size(), "inactive genes make genomes share keys");
        }
    }

    @Test
    void multipliersThatRoundAlikeAndKernelsLargerThanTheMapShareACode() {
        MobileNetSpace space = MobileNetSpaces.collapsing();
        MobileNetPackedKey packed = new MobileNetPackedKey(space);
        long[] narrowSmallKernel = code(packed, space.parse("mbv3:s1[d1,w0.75](k3e2,~k3e1)").toArray());
        long[] wideLargeKernel = code(packed, space.parse("mbv3:s1[d1,w1.0](k5e2,~k5e2)").toArray());
        long[] otherExpansion = code(packed, space.parse("mbv3:s1[d1,w1.0](k5e1,~k5e2)").toArray());
        long[] deeper = code(packed, space.parse("mbv3:s1[d2,w1.0](k5e2,k5e2)").toArray());
        assertArrayEquals(narrowSmallKernel, wideLargeKernel);
        assertFalse(Arrays.equals(narrowSmallKernel, otherExpansion));
        assertFalse(Arrays.equals(narrowSmallKernel, deeper));
    }

    @Test
    void theCodeDependsOnTheSpaceAndTheGenesOnly() throws Exception {
        Random random = new Random(7);
        MobileNetPackedKey first = new MobileNetPackedKey(CIFAR);
        MobileNetPackedKey another = new MobileNetPackedKey(MobileNetSpace.cifar(10));
        MobileNetPackedKey shipped = roundTrip(first);
        long[] batch = new long[2 * 50];
        for (int i = 0; i < 50; i++) {
            int[] genes = CIFAR.sample(random).toArray();
            long[] code = code(first, genes);
            assertArrayEquals(code, code(another, genes));
            assertArrayEquals(code, code(shipped, genes));
            first.encode(genes, batch, 2 * i);
            assertArrayEquals(code, Arrays.copyOfRange(batch, 2 * i, 2 * i + 2), "written at its offset");
        }
    }

    @Test
    void aSpaceWhoseKeyNeedsMoreThan128BitsIsRefused() {
        List<StageSpec> stages = java.util.Collections.nCopies(12, new StageSpec(16, 1));
        MobileNetSpace wide = new MobileNetSpace(3, 32, 10, 16, 1, stages, 64, MobileNetChoices.standard());
        var e = assertThrows(IllegalArgumentException.class, () -> new MobileNetPackedKey(wide));
        assertTrue(e.getMessage().contains("more than 128"), e.getMessage());
    }

    private static long[] code(MobileNetPackedKey packed, int[] genes) {
        long[] out = new long[2];
        packed.encode(genes, out, 0);
        return out;
    }

    private static void assertOneToOne(Map<String, String> keyOfCode, Map<String, String> codeOfKey, String key, long[] code) {
        String text = code[0] + ":" + code[1];
        String previousKey = keyOfCode.putIfAbsent(text, key);
        assertTrue(previousKey == null || previousKey.equals(key), "one code, two keys: " + key + " / " + previousKey);
        String previousCode = codeOfKey.putIfAbsent(key, text);
        assertTrue(previousCode == null || previousCode.equals(text), "one key, two codes: " + key);
    }

    private static MobileNetPackedKey roundTrip(MobileNetPackedKey packed) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(packed);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (MobileNetPackedKey) in.readObject();
        }
    }
}
