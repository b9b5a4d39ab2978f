package agora.user.avatar;

import agora.platform.core.problem.ProblemException;

/**
 * What an image's own structure says before a single pixel is decoded: its width and height (so a
 * decompression bomb, a small file claiming 50,000 × 50,000 pixels, is refused before it can claim
 * the heap), that it is whole (no chunk or segment runs past the end), and that nothing follows its
 * end marker (a polyglot: a PNG or JPEG with HTML, a script or a ZIP archive appended, which a
 * browser or an unpacker would read as that other thing).
 *
 * @param format      the format, from the magic number
 * @param width       pixels across
 * @param height      pixels down
 * @param orientation how a camera says its pixels are to be turned (EXIF orientation, 1 to 8; 1 when
 *                    it says nothing), applied before the metadata is dropped
 */
record ImageHeader(ImageFormat format, int width, int height, int orientation) {
    /** The longest side an avatar may have: a 48-megapixel phone photo passes. */
    static final int MAX_SIDE = 10_000;
    /** The most pixels an avatar may have. */
    static final long MAX_PIXELS = 50_000_000L;
    /**
     * The most pixels a WebP avatar may have: the WebP reader decodes a lossless picture (and any
     * alpha channel) into a raster of its full size whatever subsampling asks (4 bytes a pixel:
     * 48 MB of heap measured for 12 million), where the JPEG and PNG readers hold only what they keep.
     */
    static final long MAX_WEBP_PIXELS = 4_000_000L;

    /**
     * Reads and checks the structure of an image.
     *
     * @param format its format, from {@link ImageFormat#sniff}
     * @param bytes  the whole file
     * @return the header
     * @throws ProblemException 422 truncated, trailing data, too many pixels or undecodable
     */
    static ImageHeader read(ImageFormat format, byte[] bytes) {
        ImageHeader header = switch (format) {
            case JPEG -> jpeg(bytes);
            case PNG -> png(bytes);
            case WEBP -> webp(bytes);
        };
        if (header.width() < 1 || header.height() < 1) {
            throw AvatarProblems.problem(AvatarProblems.UNDECODABLE, "avatar.undecodable", format.label());
        }
        long maxPixels = format == ImageFormat.WEBP ? MAX_WEBP_PIXELS : MAX_PIXELS;
        if (header.width() > MAX_SIDE || header.height() > MAX_SIDE
                || (long) header.width() * header.height() > maxPixels) {
            throw AvatarProblems.problem(AvatarProblems.TOO_MANY_PIXELS, "avatar.too-many-pixels",
                    header.width(), header.height(), MAX_SIDE, maxPixels / 1_000_000);
        }
        return header;
    }

    // ---- JPEG: markers from SOI to EOI, entropy-coded data skipped byte-stuffing aware ----------

    private static ImageHeader jpeg(byte[] b) {
        int n = b.length;
        int pos = 2;
        int width = -1;
        int height = -1;
        int orientation = 1;
        while (true) {
            if (pos >= n) {
                throw truncated(ImageFormat.JPEG);
            }
            if ((b[pos] & 0xff) != 0xff) {
                throw undecodable(ImageFormat.JPEG);
            }
            while (pos < n && (b[pos] & 0xff) == 0xff) {
                pos++; // fill bytes before a marker
            }
            if (pos >= n) {
                throw truncated(ImageFormat.JPEG);
            }
            int marker = b[pos++] & 0xff;
            if (marker == 0xd9) {
                break; // EOI
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue; // stand-alone markers
            }
            if (marker == 0xd8 || marker == 0x00) {
                throw undecodable(ImageFormat.JPEG);
            }
            if (pos + 2 > n) {
                throw truncated(ImageFormat.JPEG);
            }
            int length = u16(b, pos);
            if (length < 2) {
                throw undecodable(ImageFormat.JPEG);
            }
            if (pos + length > n) {
                throw truncated(ImageFormat.JPEG);
            }
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                if (length < 7) {
                    throw undecodable(ImageFormat.JPEG);
                }
                height = u16(b, pos + 3);
                width = u16(b, pos + 5);
            }
            if (marker == 0xe1 && orientation == 1) {
                orientation = exifOrientation(b, pos + 2, pos + length);
            }
            pos += length;
            if (marker == 0xda) {
                pos = afterScan(b, pos);
            }
        }
        if (width < 0) {
            throw undecodable(ImageFormat.JPEG);
        }
        requireEnd(ImageFormat.JPEG, b, pos);
        return new ImageHeader(ImageFormat.JPEG, width, height, orientation);
    }

    /* The position of the marker that ends a scan's entropy-coded data (FF 00 and restarts are data). */
    private static int afterScan(byte[] b, int pos) {
        int n = b.length;
        while (pos < n) {
            if ((b[pos] & 0xff) == 0xff) {
                if (pos + 1 >= n) {
                    throw truncated(ImageFormat.JPEG);
                }
                int next = b[pos + 1] & 0xff;
                if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
                    pos += 2;
                    continue;
                }
                if (next == 0xff) {
                    pos++;
                    continue;
                }
                return pos;
            }
            pos++;
        }
        throw truncated(ImageFormat.JPEG);
    }

    /*
     * The orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment [start, end); 1 when there is
     * none or the block is malformed (it is dropped anyway: only the pixels are kept).
     */
    private static int exifOrientation(byte[] b, int start, int end) {
        if (end - start < 14 || !ImageFormat.ascii(b, start, "Exif") || b[start + 4] != 0 || b[start + 5] != 0) {
            return 1;
        }
        int tiff = start + 6;
        boolean little;
        if (ImageFormat.ascii(b, tiff, "II")) {
            little = true;
        } else if (ImageFormat.ascii(b, tiff, "MM")) {
            little = false;
        } else {
            return 1;
        }
        long ifd = little ? le32(b, tiff + 4) : u32(b, tiff + 4);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return 1;
        }
        int at = (int) (tiff + ifd);
        int count = little ? u16le(b, at) : u16(b, at);
        for (int i = 0; i < count; i++) {
            int entry = at + 2 + 12 * i;
            if (entry + 12 > end) {
                return 1;
            }
            int tag = little ? u16le(b, entry) : u16(b, entry);
            int type = little ? u16le(b, entry + 2) : u16(b, entry + 2);
            if (tag == 0x0112 && type == 3) {
                int value = little ? u16le(b, entry + 8) : u16(b, entry + 8);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    // ---- PNG: chunks from IHDR to IEND ----------------------------------------------------------

    private static ImageHeader png(byte[] b) {
        int n = b.length;
        int pos = 8;
        int width = -1;
        int height = -1;
        boolean first = true;
        while (true) {
            if (pos + 8 > n) {
                throw truncated(ImageFormat.PNG);
            }
            long length = u32(b, pos);
            boolean header = ImageFormat.ascii(b, pos + 4, "IHDR");
            boolean end = ImageFormat.ascii(b, pos + 4, "IEND");
            if (first != header || length > Integer.MAX_VALUE) {
                throw undecodable(ImageFormat.PNG);
            }
            long next = pos + 8 + length + 4;
            if (next > n) {
                throw truncated(ImageFormat.PNG);
            }
            if (header) {
                if (length != 13) {
                    throw undecodable(ImageFormat.PNG);
                }
                width = clamp(u32(b, pos + 8));
                height = clamp(u32(b, pos + 12));
            }
            first = false;
            pos = (int) next;
            if (end) {
                break;
            }
        }
        requireEnd(ImageFormat.PNG, b, pos);
        return new ImageHeader(ImageFormat.PNG, width, height, 1);
    }

    // ---- WebP: a RIFF container whose length must be the file's ----------------------------------

    private static ImageHeader webp(byte[] b) {
        int n = b.length;
        long riff = le32(b, 4) + 8;
        if (riff < 20) {
            throw undecodable(ImageFormat.WEBP);
        }
        if (riff > n) {
            throw truncated(ImageFormat.WEBP);
        }
        requireEnd(ImageFormat.WEBP, b, (int) riff);
        int pos = 12;
        int width = -1;
        int height = -1;
        while (pos + 8 <= riff) {
            long size = le32(b, pos + 4);
            long next = pos + 8 + size + (size & 1);
            if (pos + 8 + size > riff) {
                throw truncated(ImageFormat.WEBP);
            }
            int data = pos + 8;
            if (width < 0 && ImageFormat.ascii(b, pos, "VP8X") && size >= 10) {
                width = (int) (le24(b, data + 4) + 1);
                height = (int) (le24(b, data + 7) + 1);
            } else if (width < 0 && ImageFormat.ascii(b, pos, "VP8 ") && size >= 10) {
                if ((b[data + 3] & 0xff) != 0x9d || (b[data + 4] & 0xff) != 0x01 || (b[data + 5] & 0xff) != 0x2a) {
                    throw undecodable(ImageFormat.WEBP);
                }
                width = u16le(b, data + 6) & 0x3fff;
                height = u16le(b, data + 8) & 0x3fff;
            } else if (width < 0 && ImageFormat.ascii(b, pos, "VP8L") && size >= 5) {
                if ((b[data] & 0xff) != 0x2f) {
                    throw undecodable(ImageFormat.WEBP);
                }
                long bits = le32(b, data + 1);
                width = (int) (bits & 0x3fff) + 1;
                height = (int) ((bits >> 14) & 0x3fff) + 1;
            }
            pos = (int) Math.min(next, riff);
        }
        if (width < 0) {
            throw undecodable(ImageFormat.WEBP);
        }
        return new ImageHeader(ImageFormat.WEBP, width, height, 1);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void requireEnd(ImageFormat format, byte[] b, int end) {
        if (end < b.length) {
            throw AvatarProblems.problem(AvatarProblems.TRAILING_DATA, "avatar.trailing-data", format.label(),
                    b.length - end);
        }
    }

    private static ProblemException truncated(ImageFormat format) {
        return AvatarProblems.problem(AvatarProblems.TRUNCATED, "avatar.truncated", format.label());
    }

    private static ProblemException undecodable(ImageFormat format) {
        return AvatarProblems.problem(AvatarProblems.UNDECODABLE, "avatar.undecodable", format.label());
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long le24(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8) | ((long) (b[at + 2] & 0xff) << 16);
    }

    private static long le32(byte[] b, int at) {
        return le24(b, at) | ((long) (b[at + 3] & 0xff) << 24);
    }
}
