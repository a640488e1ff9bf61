package io.sparknas.population.space;

import io.sparknas.population.Genome;
import io.sparknas.population.operator.PointMutation;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nb201SpaceTest {
    private final Nb201Space space = new Nb201Space();

    @Test
    void everyBenchmarkStringRoundTripsAndTheyCoverTheWholeSpace() {
        List<String> strings = SharedBenchmarks.allNb201Strings();
        assertEquals(15_625, strings.size());
        Set<Genome> genomes = new HashSet<>();
        for (String text : strings) {
            Genome genome = space.parse(text);
            assertEquals(text, space.format(genome));
            genomes.add(genome);
        }
        assertEquals(BigInteger.valueOf(15_625), space.size());
        assertEquals(15_625, genomes.size(), "the benchmark lists every cell exactly once");
    }

    @Test
    void parsesEdgesInNodeOrder() {
        Genome genome = space.parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|");
        assertEquals(Genome.of(3, 0, 1, 4, 2, 0), genome);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "|conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|;conv_5x5~0",
        "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|;none~1",
        "|none~0|+|none~0|none~1|+|none~0|none~1|;node 3 has 2 inputs",
        "|none~0|+|none~0|none~1|;node groups",
        "none~0|+|none~0|none~1|+|none~0|none~1|none~2|;must start and end",
        "|none0|+|none~0|none~1|+|none~0|none~1|none~2|;bad token 'none0'",
    })
    void rejectsBadStringsNamingTheCulprit(String text, String expectedInMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space.parse(text));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void mutationChangesExactlyOneEdgeAndNeverTheParent() {
        PointMutation mutation = new PointMutation(space);
        Random rng = new Random(7);
        Genome parent = space.sample(rng);
        int[] before = parent.toArray();
        for (int i = 0; i < 1_000; i++) {
            Genome child = mutation.apply(parent, rng);
            int changed = 0;
            for (int edge = 0; edge < space.length(); edge++) {
                if (child.get(edge) != parent.get(edge)) {
                    changed++;
                }
            }
            assertEquals(1, changed);
            space.validate(child);
        }
        assertEquals(Genome.of(before), parent);
    }

    @Test
    void samplingIsUniformEnoughToReachEveryOpOnEveryEdge() {
        Random rng = new Random(1);
        int[][] counts = new int[6][5];
        for (int i = 0; i < 50_000; i++) {
            Genome g = space.sample(rng);
            for (int edge = 0; edge < 6; edge++) {
                counts[edge][g.get(edge)]++;
            }
        }
        for (int[] edge : counts) {
            for (int count : edge) {
                assertEquals(10_000, count, 500); // 50,000 / 5 ops, within ~5 sigma
            }
        }
    }

    @Test
    void rejectsOutOfRangeGenomes() {
        assertThrows(IllegalArgumentException.class, () -> space.decode(Genome.of(0, 0, 0, 0, 0, 5)));
        assertThrows(IllegalArgumentException.class, () -> space.decode(Genome.of(0, 0, 0)));
        assertNotEquals(space.decode(Genome.of(1, 1, 1, 1, 1, 1)).format(), space.decode(Genome.of(1, 1, 1, 1, 1, 2)).format());
    }
}
