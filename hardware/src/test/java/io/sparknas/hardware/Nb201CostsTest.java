package io.sparknas.hardware;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nb201CostsTest {
    private static final String ALL_NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    private static final String ONE_CONV3 = "|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|";
    private final Nb201Costs cifar10 = Nb201Costs.cifar(10);

    @Test
    void backboneAloneIsCountedByHand() {
        var cell = CsvTable.cell(ALL_NONE);
        // stem 9·3·16 + 2·16; reductions (9·16·32 + 64 + 9·32·32 + 64 + 16·32) and (… at 32→64); head BN 128 + 64·10 + 10
        assertEquals(464 + 14_464 + 57_600 + 778, cifar10.params(cell));
        // stem 442,368; convs of both reductions 2·(1,179,648 + 2,359,296 + 131,072); shortcut pools 16·16·16·4 + 32·8·8·4; linear 640
        assertEquals(442_368 + 7_340_032 + 16_384 + 8_192 + 640, cifar10.flops(cell));
        // stem 16·32·32; reduction 1: 3 convs of 32·16·16 + pool 16·16·16; reduction 2: 3·64·8·8 + 32·8·8; GAP 64; logits 10
        assertEquals(16_384 + 28_672 + 14_336 + 64 + 10, cifar10.activationMemory(cell));
    }

    @Test
    void oneConvEdgeAddsItsCostInEveryCellOfEveryStage() {
        var none = CsvTable.cell(ALL_NONE);
        var conv = CsvTable.cell(ONE_CONV3);
        assertEquals(5 * (9 * (16 * 16 + 32 * 32 + 64 * 64) + 2 * (16 + 32 + 64)),
                cifar10.params(conv) - cifar10.params(none));
        assertEquals(5 * 9 * (16 * 16 * 1024 + 32 * 32 * 256 + 64 * 64 * 64),
                cifar10.flops(conv) - cifar10.flops(none));
        assertEquals(5 * (16 * 1024 + 32 * 256 + 64 * 64),
                cifar10.activationMemory(conv) - cifar10.activationMemory(none));
    }

    @Test
    void deadEdgesCostLikeLiveOnes() {
        // node 1 feeds nothing, so its 3x3 conv is dead, yet the reference network still runs it
        var dead = CsvTable.cell("|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|skip_connect~2|");
        var live = CsvTable.cell("|nor_conv_3x3~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
        assertEquals(cifar10.params(live), cifar10.params(dead));
        assertEquals(cifar10.flops(live), cifar10.flops(dead));
        assertTrue(cifar10.flops(dead) > cifar10.flops(CsvTable.cell(ALL_NONE)));
    }

    @Test
    void skipAndNoneAreFree() {
        var skips = CsvTable.cell("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");
        var none = CsvTable.cell(ALL_NONE);
        assertEquals(cifar10.params(none), cifar10.params(skips));
        assertEquals(cifar10.flops(none), cifar10.flops(skips));
        assertEquals(cifar10.activationMemory(none), cifar10.activationMemory(skips));
    }

    @Test
    void configurationChangesTheNetwork() {
        var cell = CsvTable.cell(ONE_CONV3);
        var wide = new Nb201Costs(3, 32, 10, 32, 5);
        var deep = new Nb201Costs(3, 32, 10, 16, 6);
        var large = new Nb201Costs(3, 64, 10, 16, 5);
        assertTrue(wide.params(cell) > 3.5 * cifar10.params(cell), "doubling channels roughly quadruples conv weights");
        assertEquals(cifar10.params(cell) - cifar10.params(CsvTable.cell(ALL_NONE)),
                (deep.params(cell) - deep.params(CsvTable.cell(ALL_NONE))) * 5 / 6, 1e-9);
        assertEquals(cifar10.params(cell), large.params(cell), "resolution does not change weights");
        assertEquals(4 * (cifar10.flops(cell) - 640), large.flops(cell) - 640, 1e-6, "FLOPs scale with pixels, except the classifier");
    }

    @Test
    void rejectsImpossibleNetworks() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Nb201Costs(3, 30, 10, 16, 5));
        assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Nb201Costs.cifar(0));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Nb201Costs(3, 32, 10, -16, 5));
        assertTrue(e.getMessage().contains("stemChannels"), e.getMessage());
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        var cell = CsvTable.cell(ONE_CONV3);
        var copy = roundTrip(cifar10);
        assertEquals(cifar10.flops(cell), copy.flops(cell));
        assertEquals(cifar10.params(cell), copy.params(cell));
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
