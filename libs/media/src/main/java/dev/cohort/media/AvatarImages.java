package dev.cohort.media;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns an uploaded picture into avatars: square renditions of 256, 128, 64 and 32 pixels, made from its pixels
 * alone. In order:
 *
 * <ol>
 *   <li>at most {@link Limits#maxBytes()} bytes;</li>
 *   <li>the type from the bytes' magic numbers ({@link ImageFormat#detect}): JPEG, PNG or WebP, else
 *       {@link UnsupportedImageTypeException};</li>
 *   <li>the dimensions from the header, and at most {@link Limits#maxPixels()} pixels, before anything is decoded
 *       (a small file can announce a gigapixel image: {@link ImageTooLargeException});</li>
 *   <li>only the centred square is decoded, subsampled to no less than 1,024 pixels a side, so memory stays
 *       bounded whatever the source's size;</li>
 *   <li>scaled down in halving steps (each averaging 2×2 pixels) and a last bicubic step, turned upright by the
 *       JPEG's EXIF orientation;</li>
 *   <li>encoded anew: PNG where the picture has transparency, JPEG otherwise. Nothing of the upload's metadata
 *       (EXIF, GPS location, comments, colour profiles) is copied: the encoders are given pixels and no metadata.</li>
 * </ol>
 *
 * <p>Thread-safe; each call uses its own readers and writers.
 */
public final class AvatarImages {

    /** The sizes of the renditions, largest first. */
    public static final List<Integer> SIZES = List.of(256, 128, 64, 32);

    private static final int DECODE_SIDE = 1024;
    private static final float JPEG_QUALITY = 0.86f;

    static {
        // Plugins (TwelveMonkeys' WebP reader) are found through the class path of whoever first touches ImageIO;
        // in an application server or a fat jar that may not be ours.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    /**
     * What an upload may be.
     *
     * @param maxBytes  the most bytes an upload may have
     * @param maxPixels the most pixels (width × height) its header may announce
     */
    public record Limits(long maxBytes, long maxPixels) {
        /** 5 MiB and 25 megapixels (a 6,000 × 4,000 photo). */
        public static final Limits AVATAR = new Limits(5L * 1024 * 1024, 25_000_000L);

        public Limits {
            if (maxBytes <= 0 || maxPixels <= 0) {
                throw new IllegalArgumentException("limits are positive");
            }
        }
    }

    /**
     * One re-encoded size.
     *
     * @param size        width and height in pixels
     * @param contentType {@code image/png} or {@code image/jpeg}
     */
    public record Rendition(int size, String contentType, byte[] bytes) {
        /** {@code png} or {@code jpg}, for object keys. */
        public String extension() {
            return contentType.equals("image/png") ? "png" : "jpg";
        }
    }

    /**
     * The outcome.
     *
     * @param source       what the upload turned out to be
     * @param sourceWidth  its width as its header says
     * @param sourceHeight its height
     * @param renditions   one per {@link #SIZES size}, largest first
     */
    public record Avatar(ImageFormat source, int sourceWidth, int sourceHeight, List<Rendition> renditions) {
        public Avatar {
            renditions = List.copyOf(renditions);
        }
    }

    private final Limits limits;

    public AvatarImages(Limits limits) {
        this.limits = limits;
    }

    public AvatarImages() {
        this(Limits.AVATAR);
    }

    /**
     * The avatar renditions of {@code upload}.
     *
     * @throws ImageRejectedException when it is not an image Cohort takes (each reason its own subtype)
     */
    public Avatar process(byte[] upload) {
        if (upload == null || upload.length == 0) {
            throw new UnsupportedImageTypeException("the upload is empty");
        }
        if (upload.length > limits.maxBytes()) {
            throw new ImageTooLargeException("the upload has more than " + limits.maxBytes() + " bytes");
        }
        ImageFormat format = ImageFormat.detect(upload);
        Decoded decoded = decodeCentredSquare(format, upload);
        BufferedImage square = toIntRaster(centredSquare(decoded.image()), decoded.image().getColorModel().hasAlpha());
        boolean transparent = square.getType() == BufferedImage.TYPE_INT_ARGB;
        int orientation = format == ImageFormat.JPEG ? ExifOrientation.of(upload) : ExifOrientation.UPRIGHT;

        BufferedImage current = ExifOrientation.apply(scaleTo(square, SIZES.get(0)), orientation);
        List<Rendition> renditions = new ArrayList<>();
        for (int size : SIZES) {
            if (current.getWidth() != size) {
                current = scaleTo(current, size);
            }
            renditions.add(transparent
                    ? new Rendition(size, "image/png", encodePng(current))
                    : new Rendition(size, "image/jpeg", encodeJpeg(current)));
        }
        return new Avatar(format, decoded.width(), decoded.height(), renditions);
    }

    private record Decoded(BufferedImage image, int width, int height) {
    }

    private Decoded decodeCentredSquare(ImageFormat format, byte[] upload) {
        ImageReader reader = readerFor(format);
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
            reader.setInput(input, true, true); // first image only; metadata is not even read
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new UnreadableImageException("the image says it is " + width + " × " + height, null);
            }
            if ((long) width * height > limits.maxPixels()) {
                throw new ImageTooLargeException("the image has " + width + " × " + height + " pixels, more than "
                        + limits.maxPixels());
            }
            int side = Math.min(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle((width - side) / 2, (height - side) / 2, side, side));
            int step = Math.max(1, side / DECODE_SIDE);
            param.setSourceSubsampling(step, step, 0, 0);
            return new Decoded(reader.read(0, param), width, height);
        } catch (ImageRejectedException rejected) {
            throw rejected;
        } catch (IOException | RuntimeException failure) {
            throw new UnreadableImageException("the " + format + " image cannot be decoded: " + failure.getMessage(),
                    failure);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + format + " on the class path");
        }
        return readers.next();
    }

    /** The centred square of {@code image}: a reader that ignored the requested region gives the whole picture. */
    private static BufferedImage centredSquare(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        if (image.getWidth() == side && image.getHeight() == side) {
            return image;
        }
        return image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
    }

    /** Whatever the decoder produced (grey, indexed, 16-bit...), as 8-bit RGB or ARGB. */
    private static BufferedImage toIntRaster(BufferedImage image, boolean alpha) {
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D graphics = converted.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return converted;
    }

    /**
     * Square {@code image} at {@code size}: halving while at least twice as large (a bilinear half-size step
     * averages each 2×2 block, so nothing is skipped), then one bicubic step; bicubic too when enlarging.
     */
    private static BufferedImage scaleTo(BufferedImage image, int size) {
        BufferedImage current = image;
        while (current.getWidth() >= size * 2) {
            current = draw(current, current.getWidth() / 2, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() != size) {
            current = draw(current, size, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int size, Object interpolation) {
        BufferedImage target = new BufferedImage(size, size, source.getType());
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION,
                    RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            graphics.drawImage(source, 0, 0, size, size, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        return write(writer, image, param);
    }

    private static byte[] encodePng(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        return write(writer, image, writer.getDefaultWriteParam());
    }

    /** Pixels only: no stream or image metadata is handed to the writer, so none is written but its own minimum. */
    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode an avatar", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
