package agora.user.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import agora.platform.core.problem.ProblemException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the structure of a picture says before it is decoded, for the kinds of files people send. */
class ImageHeaderTest {

    @Test
    void theSizeComesFromTheHeaderOfEachFormat() {
        assertEquals(new ImageHeader(ImageFormat.PNG, 300, 200, 1), read(TestImages.png(300, 200)));
        assertEquals(new ImageHeader(ImageFormat.JPEG, 300, 200, 1), read(TestImages.jpeg(300, 200)));
        assertEquals(new ImageHeader(ImageFormat.WEBP, 1, 1, 1), read(TestImages.WEBP_LOSSY));
        assertEquals(new ImageHeader(ImageFormat.WEBP, 1, 1, 1), read(TestImages.WEBP_LOSSLESS));
        assertEquals(6, read(TestImages.jpegTurned(40, 6)).orientation());
    }

    @Test
    void progressiveGreyAndTransparentPicturesAreWholeAndRender() throws IOException {
        BufferedImage grey = new BufferedImage(120, 90, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage transparent = new BufferedImage(90, 120, BufferedImage.TYPE_INT_ARGB);
        for (byte[] picture : List.of(progressive(TestImages.picture(500, 400)), TestImages.encode(grey, "jpeg"),
                TestImages.encode(grey, "png"), TestImages.encode(transparent, "png"))) {
            ImageHeader header = read(picture);
            List<byte[]> sizes = new AvatarRendering(1).render(header, picture);
            assertEquals(256, TestImages.decode(sizes.get(0)).getWidth());
            assertEquals(64, TestImages.decode(sizes.get(1)).getHeight());
        }
    }

    @Test
    void aBombIsRefusedFromItsHeaderWhateverTheFormat() {
        assertProblem("avatar-too-many-pixels", TestImages.pngClaiming(50_000, 50_000));
        assertProblem("avatar-too-many-pixels", TestImages.pngClaiming(10_001, 10));
        assertProblem("avatar-too-many-pixels", TestImages.pngClaiming(8_000, 8_000));
        assertProblem("avatar-too-many-pixels", TestImages.jpegClaiming(65_000, 65_000));
        assertEquals(10_000, read(TestImages.pngClaiming(10_000, 5_000)).width(), "at the limit the header passes");
        byte[] webp = TestImages.WEBP_LOSSY.clone();
        webp[26] = (byte) 0xff; // VP8 width: 14 bits, 16383
        webp[27] = (byte) 0x3f;
        webp[28] = (byte) 0xff;
        webp[29] = (byte) 0x3f;
        assertProblem("avatar-too-many-pixels", webp);
        assertEquals(4_000_000, (long) read(webpClaiming(2000, 2000)).width() * 2000, "at the WebP limit the header passes");
        assertProblem("avatar-too-many-pixels", webpClaiming(2500, 2000));
        assertEquals(2500, read(TestImages.pngClaiming(2500, 2000)).width(), "the same size in PNG passes");
    }

    /* The lossy 1 x 1 WebP with its frame header claiming another size (14 bits each, little-endian). */
    private static byte[] webpClaiming(int width, int height) {
        byte[] webp = TestImages.WEBP_LOSSY.clone();
        webp[26] = (byte) width;
        webp[27] = (byte) (width >> 8);
        webp[28] = (byte) height;
        webp[29] = (byte) (height >> 8);
        return webp;
    }

    @Test
    void everyCutOffIsTruncatedAndEveryAppendixIsTrailingData() {
        for (byte[] picture : List.of(TestImages.png(60, 60), TestImages.jpeg(60, 60), TestImages.WEBP_LOSSY)) {
            for (int length = 12; length < picture.length; length += Math.max(1, picture.length / 40)) {
                assertProblem("avatar-truncated", Arrays.copyOf(picture, length));
            }
            assertProblem("avatar-trailing-data", TestImages.concat(picture, new byte[] {0}));
        }
    }

    private static ImageHeader read(byte[] bytes) {
        return ImageHeader.read(ImageFormat.sniff(bytes).orElseThrow(), bytes);
    }

    private static void assertProblem(String code, byte[] bytes) {
        ProblemException problem = assertThrows(ProblemException.class, () -> read(bytes));
        assertEquals(code, problem.kind().code());
    }

    private static byte[] progressive(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
