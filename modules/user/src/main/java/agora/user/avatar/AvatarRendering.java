package agora.user.avatar;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import agora.platform.core.problem.ProblemException;

/**
 * Turns a checked upload into the stored sizes: decoded (at reduced resolution when it is large, so
 * the heap holds about 512 × 512 pixels whatever was sent), cropped to its centred square and
 * re-encoded as baseline JPEG. Nothing of the upload survives but its pixels: no EXIF, no GPS
 * position, no comments, no ICC profile, no appended payload; the EXIF orientation is applied to
 * the pixels before it goes, so a phone photo stands upright.
 *
 * <p>JPEG, because avatars are mostly photographs (a 256-pixel photo is about a tenth of its PNG)
 * and because pure Java writes no WebP; transparent pixels become white.
 */
final class AvatarRendering {
    /** The stored sizes, largest first. */
    static final List<Integer> SIZES = List.of(256, 64);

    private static final int DECODE_TARGET = 2 * 256;
    private static final float QUALITY = 0.86f;

    static {
        // Java2D without a display: the service runs on servers and in containers.
        System.setProperty("java.awt.headless", "true");
        // Decoding reads from memory; no temporary files.
        ImageIO.setUseCache(false);
    }

    /**
     * Decoding is the costly step: a few at a time, so a burst of uploads cannot exhaust the heap.
     * A WebP picture takes every permit (its reader holds the full-size raster, up to 16 MB).
     */
    private final Semaphore decoding;
    private final int concurrentDecodes;

    AvatarRendering(int concurrentDecodes) {
        this.concurrentDecodes = concurrentDecodes;
        this.decoding = new Semaphore(concurrentDecodes, true);
    }

    /**
     * The formats this process can decode: JPEG and PNG always, WebP when its ImageIO reader is on
     * the module path.
     *
     * @return the formats
     */
    static List<ImageFormat> readable() {
        List<ImageFormat> formats = new ArrayList<>();
        for (ImageFormat format : ImageFormat.values()) {
            if (ImageIO.getImageReadersByFormatName(format.readerName()).hasNext()) {
                formats.add(format);
            }
        }
        return formats;
    }

    /** The readable formats for a message: "JPEG, PNG, WebP". */
    static String readableLabels() {
        return readable().stream().map(ImageFormat::label).collect(Collectors.joining(", "));
    }

    /**
     * Renders the stored sizes of an image.
     *
     * @param header its checked header
     * @param bytes  the upload
     * @return one JPEG per {@link #SIZES size}, in that order
     * @throws ProblemException 415 when the format cannot be read here, 422 when the image does not decode
     */
    List<byte[]> render(ImageHeader header, byte[] bytes) {
        BufferedImage decoded;
        int permits = header.format() == ImageFormat.WEBP ? concurrentDecodes : 1;
        decoding.acquireUninterruptibly(permits);
        try {
            decoded = decode(header, bytes);
        } finally {
            decoding.release(permits);
        }
        BufferedImage square = square(decoded);
        List<byte[]> sizes = new ArrayList<>();
        BufferedImage source = square;
        for (int size : SIZES) {
            BufferedImage scaled = scale(source, size);
            if (source == square) {
                // Turned as the camera says once, on the largest size: the smaller ones come from it.
                scaled = orient(scaled, header.orientation());
            }
            sizes.add(jpeg(scaled));
            source = scaled; // each size from the next larger one: a smoother reduction
        }
        return sizes;
    }

    private static BufferedImage decode(ImageHeader header, byte[] bytes) {
        ImageFormat format = header.format();
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
        if (!readers.hasNext()) {
            throw AvatarProblems.problem(AvatarProblems.UNSUPPORTED_TYPE, "avatar.unsupported-type", readableLabels());
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            if (reader.getWidth(0) != header.width() || reader.getHeight(0) != header.height()) {
                throw AvatarProblems.problem(AvatarProblems.UNDECODABLE, "avatar.undecodable", format.label());
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.min(header.width(), header.height()) / DECODE_TARGET);
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw AvatarProblems.problem(AvatarProblems.UNDECODABLE, "avatar.undecodable", format.label());
            }
            return image;
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Broken data inside a well-formed structure: the readers throw IIOException, and on
            // crafted input sometimes IllegalArgumentException or IndexOutOfBoundsException.
            throw AvatarProblems.problem(AvatarProblems.UNDECODABLE, "avatar.undecodable", format.label());
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage square(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        int x = (image.getWidth() - side) / 2;
        int y = (image.getHeight() - side) / 2;
        return image.getSubimage(x, y, side, side);
    }

    private static BufferedImage scale(BufferedImage source, int size) {
        BufferedImage target = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, size, size);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.drawImage(source, 0, 0, size, size, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    /*
     * Turns a square as EXIF orientation 2-8 says (mirrored, turned by 90, 180 or 270 degrees, or
     * both). A centred square crop of the turned picture is the turned centred crop, so turning the
     * small square is the same as turning the upload, and cheaper.
     */
    static BufferedImage orient(BufferedImage square, int orientation) {
        if (orientation == 1) {
            return square;
        }
        int n = square.getWidth();
        BufferedImage turned = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int m = n - 1;
                int rgb = switch (orientation) {
                    case 2 -> square.getRGB(m - x, y);
                    case 3 -> square.getRGB(m - x, m - y);
                    case 4 -> square.getRGB(x, m - y);
                    case 5 -> square.getRGB(y, x);
                    case 6 -> square.getRGB(y, m - x);
                    case 7 -> square.getRGB(m - y, m - x);
                    default -> square.getRGB(m - y, x); // 8
                };
                turned.setRGB(x, y, rgb);
            }
        }
        return turned;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a JPEG in memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
