package dev.cohort.media;

import static dev.cohort.testkit.images.TestImages.GPS_LATITUDE;
import static dev.cohort.testkit.images.TestImages.indexOf;
import static dev.cohort.testkit.images.TestImages.jpeg;
import static dev.cohort.testkit.images.TestImages.picture;
import static dev.cohort.testkit.images.TestImages.png;
import static dev.cohort.testkit.images.TestImages.segments;
import static dev.cohort.testkit.images.TestImages.withExif;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The avatar pipeline on real images: JPEGs and PNGs made here with ImageIO (one with a hand-assembled EXIF segment
 * carrying a GPS position), and two small WebP files made with libwebp's {@code cwebp} (in test resources:
 * {@code thirds-120x80-lossy.webp}, red, green and blue thirds; {@code disc-80x80-alpha-lossless.webp}, a yellow disc
 * of radius 30 on a transparent ground).
 */
class AvatarImagesTest {

    private final AvatarImages images = new AvatarImages();

    // ---- what is accepted: by content, not by name ----

    @Test
    void tellsTheTypeFromTheBytesAndRefusesEverythingElse() throws IOException {
        assertThat(ImageFormat.detect(jpeg(picture(10, 10, Color.RED)))).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.detect(png(picture(10, 10, Color.RED)))).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.detect(resource("thirds-120x80-lossy.webp"))).isEqualTo(ImageFormat.WEBP);

        // A text file called avatar.png, a GIF, an SVG, a truncated PNG signature, nothing at all:
        for (byte[] other : List.of("this is not a picture\n".getBytes(StandardCharsets.UTF_8),
                "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(png(picture(4, 4, Color.RED)), 6),
                "RIFF\u0000\u0000\u0000\u0000WAVE".getBytes(StandardCharsets.ISO_8859_1),
                new byte[0])) {
            assertThatThrownBy(() -> images.process(other))
                    .isInstanceOf(UnsupportedImageTypeException.class)
                    .satisfies(e -> assertThat(((ImageRejectedException) e).reason()).isEqualTo("UNSUPPORTED_IMAGE_TYPE"));
        }
        assertThat(ImageFormat.forContentType("image/webp")).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.forContentType("image/gif")).isNull();
    }

    // ---- what comes out ----

    @Test
    void makesSquaresOf256128_64And32PixelsFromTheCentre() throws IOException {
        // 300 × 100: red, green and blue thirds. The centred square is the green third.
        BufferedImage thirds = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thirds.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 100, 100);
        g.setColor(Color.GREEN);
        g.fillRect(100, 0, 100, 100);
        g.setColor(Color.BLUE);
        g.fillRect(200, 0, 100, 100);
        g.dispose();

        AvatarImages.Avatar avatar = images.process(png(thirds));

        assertThat(avatar.source()).isEqualTo(ImageFormat.PNG);
        assertThat(avatar.sourceWidth()).isEqualTo(300);
        assertThat(avatar.sourceHeight()).isEqualTo(100);
        assertThat(avatar.renditions()).extracting(AvatarImages.Rendition::size).containsExactly(256, 128, 64, 32);
        for (AvatarImages.Rendition rendition : avatar.renditions()) {
            assertThat(rendition.contentType()).isEqualTo("image/jpeg");
            assertThat(rendition.extension()).isEqualTo("jpg");
            BufferedImage decoded = decode(rendition.bytes());
            assertThat(decoded.getWidth()).isEqualTo(rendition.size());
            assertThat(decoded.getHeight()).isEqualTo(rendition.size());
            for (int[] at : new int[][] {{0, 0}, {rendition.size() - 1, rendition.size() / 2}, {rendition.size() / 2,
                    rendition.size() / 2}}) {
                assertThat(new Color(decoded.getRGB(at[0], at[1])))
                        .as("pixel %s of the %d px rendition", Arrays.toString(at), rendition.size())
                        .satisfies(AvatarImagesTest::isGreen);
            }
        }
    }

    @Test
    void aJpegWithExifAndAGpsPositionComesOutWithoutAnyMetadata() throws IOException {
        byte[] upload = withExif(jpeg(picture(640, 480, new Color(90, 140, 200))), ExifOrientation.UPRIGHT);
        // The upload does carry the position: an APP1 "Exif" segment whose IFD points to GPS latitude 48° 51' 24" N.
        assertThat(segments(upload)).contains(0xe1);
        assertThat(indexOf(upload, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1))).isPositive();
        assertThat(indexOf(upload, GPS_LATITUDE)).isPositive();
        assertThat(decode(upload).getWidth()).isEqualTo(640);

        AvatarImages.Avatar avatar = images.process(upload);

        assertThat(avatar.source()).isEqualTo(ImageFormat.JPEG);
        assertThat(avatar.renditions()).hasSize(4).allSatisfy(rendition -> {
            assertThat(rendition.contentType()).isEqualTo("image/jpeg");
            List<Integer> markers = segments(rendition.bytes());
            // APP0 (JFIF, written by the encoder itself) is the only application segment; no APP1 (EXIF, XMP),
            // APP2 (ICC), APP13 (IPTC) or comment.
            assertThat(markers).as("segments before the image data").contains(0xe0).doesNotContain(0xe1, 0xe2, 0xed, 0xfe)
                    .allSatisfy(marker -> assertThat(marker > 0xe0 && marker <= 0xef).isFalse());
            assertThat(indexOf(rendition.bytes(), "Exif".getBytes(StandardCharsets.ISO_8859_1))).isNegative();
            assertThat(indexOf(rendition.bytes(), GPS_LATITUDE)).isNegative();
        });
    }

    @Test
    void aPhotoTakenSidewaysIsTurnedUprightBeforeItsMetadataGoes() throws IOException {
        // Stored 200 × 100, top half red, bottom half blue; EXIF orientation 6: turn a quarter clockwise to view.
        // Upright, the red half is on the right.
        BufferedImage stored = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 200, 50);
        g.setColor(Color.BLUE);
        g.fillRect(0, 50, 200, 50);
        g.dispose();
        byte[] upload = withExif(jpeg(stored), 6);
        assertThat(ExifOrientation.of(upload)).isEqualTo(6);

        BufferedImage upright = decode(images.process(upload).renditions().get(0).bytes());

        Color right = new Color(upright.getRGB(240, 128));
        Color left = new Color(upright.getRGB(15, 128));
        assertThat(right.getRed()).isGreaterThan(200);
        assertThat(right.getBlue()).isLessThan(60);
        assertThat(left.getBlue()).isGreaterThan(200);
        assertThat(left.getRed()).isLessThan(60);
    }

    @Test
    void transparencyStaysAndSoEveryRenditionIsAPngWithNothingButPixels() throws IOException {
        AvatarImages.Avatar avatar = images.process(resource("disc-80x80-alpha-lossless.webp"));

        assertThat(avatar.source()).isEqualTo(ImageFormat.WEBP);
        assertThat(avatar.renditions()).hasSize(4).allSatisfy(rendition -> {
            assertThat(rendition.contentType()).isEqualTo("image/png");
            assertThat(pngChunks(rendition.bytes())).doesNotContain("tEXt", "zTXt", "iTXt", "eXIf", "iCCP", "tIME")
                    .startsWith("IHDR").endsWith("IEND");
            BufferedImage decoded = decode(rendition.bytes());
            int size = rendition.size();
            assertThat(decoded.getWidth()).isEqualTo(size);
            assertThat(new Color(decoded.getRGB(0, 0), true).getAlpha()).as("corner").isZero();
            Color centre = new Color(decoded.getRGB(size / 2, size / 2), true);
            assertThat(centre.getAlpha()).as("centre").isEqualTo(255);
            assertThat(centre.getRed()).isGreaterThan(220);
            assertThat(centre.getGreen()).isGreaterThan(170);
            assertThat(centre.getBlue()).isLessThan(40);
        });
    }

    @Test
    void decodesLossyWebp() throws IOException {
        AvatarImages.Avatar avatar = images.process(resource("thirds-120x80-lossy.webp"));

        assertThat(avatar.source()).isEqualTo(ImageFormat.WEBP);
        assertThat(avatar.sourceWidth()).isEqualTo(120);
        assertThat(avatar.sourceHeight()).isEqualTo(80);
        BufferedImage largest = decode(avatar.renditions().get(0).bytes());
        assertThat(largest.getWidth()).isEqualTo(256);
        // The centred 80 × 80 square runs from x = 20 to 100: red at its left edge, green in the middle, blue right.
        assertThat(new Color(largest.getRGB(128, 128))).satisfies(AvatarImagesTest::isGreen);
        assertThat(new Color(largest.getRGB(20, 128)).getRed()).isGreaterThan(180);
        assertThat(new Color(largest.getRGB(240, 128)).getBlue()).isGreaterThan(180);
    }

    @Test
    void aLargePhotoIsDecodedSubsampledAndScaledDown() throws IOException {
        AvatarImages.Avatar avatar = images.process(jpeg(picture(4000, 3000, new Color(200, 120, 40))));

        assertThat(avatar.sourceWidth()).isEqualTo(4000);
        assertThat(avatar.renditions()).extracting(rendition -> decode(rendition.bytes()).getWidth())
                .containsExactly(256, 128, 64, 32);
        Color centre = new Color(decode(avatar.renditions().get(3).bytes()).getRGB(16, 16));
        assertThat(centre.getRed()).isBetween(185, 215);
        assertThat(centre.getGreen()).isBetween(105, 135);
    }

    // ---- what is refused ----

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding() {
        // A valid PNG header announcing 100,000 × 100,000 pixels (40 GB decoded) in a file of a few dozen bytes.
        byte[] bomb = pngHeaderOnly(100_000, 100_000);

        assertThatThrownBy(() -> images.process(bomb))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("100000 × 100000")
                .satisfies(e -> assertThat(((ImageRejectedException) e).reason()).isEqualTo("IMAGE_TOO_LARGE"));
        // Just past the limit is refused too, just under it would be decoded.
        AvatarImages strict = new AvatarImages(new AvatarImages.Limits(1024 * 1024, 10_000));
        assertThatThrownBy(() -> strict.process(pngHeaderOnly(101, 100))).isInstanceOf(ImageTooLargeException.class);
        assertThatThrownBy(() -> strict.process(pngHeaderOnly(100, 100))).isInstanceOf(UnreadableImageException.class);
    }

    @Test
    void moreBytesThanAllowedAreRefusedUnread() throws IOException {
        byte[] photo = jpeg(picture(64, 64, Color.RED));
        AvatarImages small = new AvatarImages(new AvatarImages.Limits(photo.length - 1, 25_000_000));

        assertThatThrownBy(() -> small.process(photo)).isInstanceOf(ImageTooLargeException.class);
        assertThat(new AvatarImages(new AvatarImages.Limits(photo.length, 25_000_000)).process(photo).renditions())
                .hasSize(4);
        assertThat(AvatarImages.Limits.AVATAR.maxBytes()).isEqualTo(5L * 1024 * 1024);
    }

    @Test
    void aTruncatedOrCorruptImageIsUnreadable() throws IOException {
        byte[] jpeg = jpeg(picture(200, 200, Color.ORANGE));
        byte[] corruptPng = png(picture(50, 50, Color.ORANGE));
        Arrays.fill(corruptPng, 40, corruptPng.length, (byte) 0x5a);

        for (byte[] broken : List.of(Arrays.copyOf(jpeg, 120), corruptPng,
                Arrays.copyOf(resource("thirds-120x80-lossy.webp"), 40))) {
            assertThatThrownBy(() -> images.process(broken))
                    .isInstanceOf(UnreadableImageException.class)
                    .satisfies(e -> assertThat(((ImageRejectedException) e).reason()).isEqualTo("UNREADABLE_IMAGE"));
        }
    }

    // ---- making and reading images ----

    private static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AvatarImagesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void isGreen(Color color) {
        assertThat(color.getGreen()).isGreaterThan(200);
        assertThat(color.getRed()).isLessThan(60);
        assertThat(color.getBlue()).isLessThan(60);
    }

    /** The chunk types of a PNG, in order. */
    static List<String> pngChunks(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png, 8, png.length - 8);
        while (buffer.remaining() >= 12) {
            int length = buffer.getInt();
            byte[] type = new byte[4];
            buffer.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            buffer.position(buffer.position() + length + 4);
        }
        return types;
    }

    /** A PNG signature and IHDR chunk (8-bit RGB) for the given size, and an IDAT of no pixels at all. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
