package dev.cohort.media;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of its APP1 "Exif" segment): how a camera says its pixels must
 * be turned to be seen upright. Stripping the metadata would otherwise leave phone photos lying on their side, so
 * the turn is applied to the pixels before they are re-encoded.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT = 3;

    private ExifOrientation() {
    }

    /** 1 to 8 as EXIF defines them; 1 when the image says nothing or says it in a way that cannot be read. */
    static int of(byte[] jpeg) {
        try {
            int offset = 2; // after SOI
            while (offset + 4 <= jpeg.length) {
                if ((jpeg[offset] & 0xff) != 0xff) {
                    return UPRIGHT;
                }
                int marker = jpeg[offset + 1] & 0xff;
                if (marker == 0xff) { // fill byte
                    offset++;
                    continue;
                }
                if (marker == 0xda || marker == 0xd9) { // start of scan, end of image: no metadata beyond
                    return UPRIGHT;
                }
                int length = u16(jpeg, offset + 2, false);
                int data = offset + 4;
                if (length < 2 || data + length - 2 > jpeg.length) {
                    return UPRIGHT;
                }
                if (marker == 0xe1 && length >= 8 && jpeg[data] == 'E' && jpeg[data + 1] == 'x' && jpeg[data + 2] == 'i'
                        && jpeg[data + 3] == 'f' && jpeg[data + 4] == 0 && jpeg[data + 5] == 0) {
                    return fromTiff(jpeg, data + 6, data + length - 2);
                }
                offset = data + length - 2;
            }
        } catch (IndexOutOfBoundsException malformed) {
            // fall through: an unreadable orientation is no orientation
        }
        return UPRIGHT;
    }

    private static int fromTiff(byte[] bytes, int tiff, int end) {
        boolean little;
        if (bytes[tiff] == 'I' && bytes[tiff + 1] == 'I') {
            little = true;
        } else if (bytes[tiff] == 'M' && bytes[tiff + 1] == 'M') {
            little = false;
        } else {
            return UPRIGHT;
        }
        if (u16(bytes, tiff + 2, little) != 42) {
            return UPRIGHT;
        }
        long ifd = u32(bytes, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return UPRIGHT;
        }
        int entries = u16(bytes, (int) (tiff + ifd), little);
        int entry = (int) (tiff + ifd + 2);
        for (int i = 0; i < entries && entry + 12 <= end; i++, entry += 12) {
            if (u16(bytes, entry, little) == ORIENTATION_TAG && u16(bytes, entry + 2, little) == SHORT) {
                int value = u16(bytes, entry + 8, little);
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /** The square {@code image} turned upright for {@code orientation}. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation == UPRIGHT) {
            return image;
        }
        int n = image.getWidth();
        if (image.getHeight() != n) {
            throw new IllegalArgumentException("only square images are turned here");
        }
        BufferedImage upright = new BufferedImage(n, n, image.getType());
        int last = n - 1;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int rgb = switch (orientation) {
                    case 2 -> image.getRGB(last - x, y);          // mirrored
                    case 3 -> image.getRGB(last - x, last - y);   // upside down
                    case 4 -> image.getRGB(x, last - y);          // mirrored upside down
                    case 5 -> image.getRGB(y, x);                 // transposed
                    case 6 -> image.getRGB(y, last - x);          // to be turned a quarter clockwise
                    case 7 -> image.getRGB(last - y, last - x);   // transversed
                    case 8 -> image.getRGB(last - y, x);          // to be turned a quarter anticlockwise
                    default -> image.getRGB(x, y);
                };
                upright.setRGB(x, y, rgb);
            }
        }
        return upright;
    }

    private static int u16(byte[] bytes, int at, boolean little) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        return little ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] bytes, int at, boolean little) {
        long high = u16(bytes, little ? at + 2 : at, little);
        long low = u16(bytes, little ? at : at + 2, little);
        return high << 16 | low;
    }
}
