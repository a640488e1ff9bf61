package io.sparknas.evaluation.data;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), format);
        return out.toByteArray();
    }

    @Test
    void anRgbPngBecomesThreePlanes() throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        image.setRGB(1, 0, 0x0080ff);
        ImageDecoder.Image decoded = ImageDecoder.decode(encode(image, "png"));
        assertEquals(new ImageDecoder.Shape(3, 1, 2), decoded.shape());
        assertArrayEquals(new float[] {1f, 0f, 0f, 128 / 255f, 0f, 1f}, decoded.pixels());
    }

    @Test
    void aGreyPngKeepsItsBytesExactly() throws IOException {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 3, 1, new byte[] {0, (byte) 77, (byte) 255});
        ImageDecoder.Image decoded = ImageDecoder.decode(encode(image, "png"));
        assertEquals(new ImageDecoder.Shape(1, 1, 3), decoded.shape());
        assertArrayEquals(new float[] {0f, 77 / 255f, 1f}, decoded.pixels(), "value / 255 in float, as IdxReader");
    }

    @Test
    void rawBytesAndArraysInChannelsLastOrderBecomePlanes() {
        ImageDecoder.Shape shape = new ImageDecoder.Shape(3, 1, 2);
        byte[] hwc = {(byte) 255, 0, 51, 0, (byte) 255, 102}; // pixel 0: r g b, pixel 1: r g b
        assertArrayEquals(new float[] {1f, 0f, 0f, 1f, 51 / 255f, 102 / 255f}, ImageDecoder.raw(hwc, shape, true));
        assertArrayEquals(new float[] {1f, 0f, 51 / 255f, 0f, 1f, 102 / 255f}, ImageDecoder.raw(hwc, shape, false));
        assertArrayEquals(new float[] {0.5f, 2f, -1f, 3f, 0f, 1f},
                ImageDecoder.values(List.of(0.5, -1.0, 0.0, 2.0, 3.0, 1.0), shape, true));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ImageDecoder.values(List.of(1f, 2f), shape, true));
        assertEquals("holds 2 values, but 3x1x2 images need 6", wrong.getMessage());
    }

    @Test
    void bytesNoReaderRecognisesAreNullAndABrokenPngIsAnError() throws IOException {
        assertNull(ImageDecoder.decode("not an image".getBytes()));
        byte[] zeros = new byte[784]; // a black raw image: WBMP's reader would claim it
        assertNull(ImageDecoder.decode(zeros));
        byte[] png = encode(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png");
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> ImageDecoder.decode(Arrays.copyOf(png, 30)));
        assertTrue(broken.getMessage().startsWith("cannot be decoded as an image"), broken.getMessage());
    }
}
