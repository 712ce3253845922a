package dev.cohort.testkit.images;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Pictures for tests of avatar processing (libs/media) and of avatar uploads (services/profile): plain images,
 * encoded as JPEG or PNG, and a JPEG carrying EXIF metadata with an orientation and a GPS location, so a test can
 * prove that what is stored has none of it.
 */
public final class TestImages {

    /** 48/1, 51/1, 2400/100 as big-endian rationals: the GPS latitude (48° 51' 24" N) {@link #withExif} writes. */
    public static final byte[] GPS_LATITUDE = ByteBuffer.allocate(24)
            .putInt(48).putInt(1).putInt(51).putInt(1).putInt(2400).putInt(100).array();

    /** The EXIF orientation of a picture stored the right way up. */
    public static final int UPRIGHT = 1;

    private TestImages() {
    }

    /** A {@code width} x {@code height} RGB picture of one colour. */
    public static BufferedImage picture(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** {@code image} as a JPEG (ImageIO writes a JFIF APP0 segment first). */
    public static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    /** {@code image} as a PNG. */
    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /**
     * {@code jpeg} with an APP1 "Exif" segment after its JFIF header: a big-endian TIFF whose IFD0 holds the
     * {@code orientation} and a pointer to a GPS IFD with latitude reference "N" and {@link #GPS_LATITUDE}.
     */
    public static byte[] withExif(byte[] jpeg, int orientation) {
        if ((jpeg[3] & 0xff) != 0xe0) {
            throw new IllegalArgumentException("expected a JPEG whose first segment is JFIF APP0, as ImageIO writes");
        }
        ByteBuffer tiff = ByteBuffer.allocate(92);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        // IFD0 at 8: two entries, then no next IFD.
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        // GPS IFD at 38: latitude reference and latitude (three rationals at 68).
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        tiff.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(68);
        tiff.putInt(0);
        tiff.put(GPS_LATITUDE);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int afterApp0 = 2 + 2 + ((jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff)); // SOI, then APP0 (FF E0 + length)
        out.write(jpeg, 0, afterApp0);
        out.write(0xff);
        out.write(0xe1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(exif);
        out.writeBytes(tiff.array());
        out.write(jpeg, afterApp0, jpeg.length - afterApp0);
        return out.toByteArray();
    }

    /** The markers of a JPEG's segments up to the start of its image data (0xe1 is APP1, where EXIF lives). */
    public static List<Integer> segments(byte[] jpeg) {
        if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            throw new IllegalArgumentException("not a JPEG: no start-of-image marker");
        }
        List<Integer> markers = new ArrayList<>();
        int offset = 2;
        while (offset + 4 <= jpeg.length) {
            if ((jpeg[offset] & 0xff) != 0xff) {
                throw new IllegalArgumentException("not a JPEG segment at offset " + offset);
            }
            int marker = jpeg[offset + 1] & 0xff;
            markers.add(marker);
            if (marker == 0xda) {
                break;
            }
            offset += 2 + ((jpeg[offset + 2] & 0xff) << 8 | (jpeg[offset + 3] & 0xff));
        }
        return markers;
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
