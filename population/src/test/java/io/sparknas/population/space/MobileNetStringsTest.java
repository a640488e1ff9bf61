package io.sparknas.population.space;

import io.sparknas.population.Genome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MobileNetStringsTest {
    private static final String EXAMPLE = "mbv3:"
            + "s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3)|"
            + "s2[d4,w0.75](k5e3,k7e6,k3e4,k3e6)|"
            + "s3[d3,w1.25](k7e6,k7e6,k7e6,~k3e3)|"
            + "s4[d2,w1.0](k3e3,k3e3,~k3e3,~k3e3)|"
            + "s5[d3,w1.0](k5e4,k5e4,k5e4,~k7e6)";
    private final MobileNetSpace space = MobileNetSpace.cifar(10);

    @Test
    void sampledGenomesRoundTripThroughTheirStringForm() {
        for (MobileNetSpace each : List.of(space, MobileNetSpace.imagenet(1000), MobileNetSpaces.small())) {
            Random rng = new Random(17);
            for (int i = 0; i < 5_000; i++) {
                Genome genome = each.sample(rng);
                String text = each.format(genome);
                assertEquals(genome, each.parse(text), text);
                assertEquals(text, each.format(each.parse(text)));
            }
        }
    }

    @Test
    void theExampleParsesToTheGenesItSpellsOut() {
        Genome genome = space.parse(EXAMPLE);
        assertEquals(EXAMPLE, space.format(genome));
        // stage 1: depth 2 (choice 0), width 1.0 (choice 1), k3e4 k5e6 then inactive k7e3 k3e3
        assertArrayEquals(new int[] {0, 1, 0, 1, 1, 2, 2, 0, 0, 0}, Arrays.copyOfRange(genome.toArray(), 0, 10));
        assertEquals(2, genome.get(space.depthGene(1)), "stage 2 has depth 4");
        assertEquals(0, genome.get(space.widthGene(1)), "stage 2 has width 0.75");
        assertEquals(2, genome.get(space.expansionGene(4, 3)), "stage 5's inactive slot still remembers e6");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mbv2:s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3);must start with 'mbv3:'",
        "s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3);must start with 'mbv3:'",
        "mbv3:s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3);has 1 stages separated by '|', expected 5",
        "mbv3:s1[d2,w1.0](k9e4,k5e6,~k7e3,~k3e3)|REST;bad token 'k9e4' in stage s1: kernel '9' is not one of [3, 5, 7]",
        "mbv3:s1[d2,w1.0](k3e5,k5e6,~k7e3,~k3e3)|REST;bad token 'k3e5' in stage s1: expansion '5'",
        "mbv3:s1[d5,w1.0](k3e4,k5e6,~k7e3,~k3e3)|REST;bad token 'd5' in stage s1: depth '5'",
        "mbv3:s1[d2,w1](k3e4,k5e6,~k7e3,~k3e3)|REST;bad token 'w1' in stage s1: width multiplier '1' is not one of [0.75, 1.0, 1.25]",
        "mbv3:s1[d2,x1.0](k3e4,k5e6,~k7e3,~k3e3)|REST;bad token 'x1.0' in stage s1: expected w<width multiplier>",
        "mbv3:s1[d2](k3e4,k5e6,~k7e3,~k3e3)|REST;bad token 'd2' in stage s1: expected d<depth>,w<multiplier>",
        "mbv3:s1[d2,w1.0](k3e4,k5e6,k7e3,~k3e3)|REST;bad token 'k7e3' in stage s1: block slot 3 of a stage of depth 2 must be marked inactive",
        "mbv3:s1[d3,w1.0](k3e4,k5e6,~k7e3,~k3e3)|REST;bad token '~k7e3' in stage s1: block slot 3 of a stage of depth 3 must be active",
        "mbv3:s1[d2,w1.0](k3e4,k5e6,~k7e3)|REST;in stage s1: it has 3 block slots, expected 4",
        "mbv3:s1[d2,w1.0](k3e4,k5e6,~k7e3,~3e3)|REST;bad token '~3e3' in stage s1: expected k<kernel>e<expansion>",
        "mbv3:s2[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3)|REST;bad token 's2[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3)' in stage s1: stage 1 must be written s1",
        "mbv3:s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3)|s2[d2,w1.0]k3e4|x|y|z;bad token 's2[d2,w1.0]k3e4' in stage s2",
    })
    void rejectsBadStringsNamingTheToken(String text, String expectedInMessage) {
        String full = text.replace("REST", String.join("|", List.of(EXAMPLE.split("\\|")).subList(1, 5)));
        var e = assertThrows(IllegalArgumentException.class, () -> space.parse(full));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void rejectsNull() {
        var e = assertThrows(IllegalArgumentException.class, () -> space.parse(null));
        assertTrue(e.getMessage().contains("not a mobilenet string"), e.getMessage());
    }
}
