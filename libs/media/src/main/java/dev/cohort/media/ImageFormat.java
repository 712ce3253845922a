package dev.cohort.media;

/** The image types Cohort accepts, told apart by their first bytes, never by a name or a declared type. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpeg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String contentType;
    private final String imageIoName;

    ImageFormat(String contentType, String imageIoName) {
        this.contentType = contentType;
        this.imageIoName = imageIoName;
    }

    public String contentType() {
        return contentType;
    }

    String imageIoName() {
        return imageIoName;
    }

    /**
     * The format of {@code bytes} by its magic numbers: JPEG {@code FF D8 FF}; PNG its 8-byte signature; WebP
     * {@code RIFF <size> WEBP}.
     *
     * @throws UnsupportedImageTypeException for anything else
     */
    public static ImageFormat detect(byte[] bytes) {
        if (bytes != null) {
            if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
                    && (bytes[2] & 0xff) == 0xff) {
                return JPEG;
            }
            if (startsWith(bytes, 0, PNG_SIGNATURE)) {
                return PNG;
            }
            if (bytes.length >= 12 && startsWith(bytes, 0, new byte[] {'R', 'I', 'F', 'F'})
                    && startsWith(bytes, 8, new byte[] {'W', 'E', 'B', 'P'})) {
                return WEBP;
            }
        }
        throw new UnsupportedImageTypeException("not a JPEG, PNG or WebP image");
    }

    /** The format for a declared content type, or null when Cohort does not accept it. */
    public static ImageFormat forContentType(String contentType) {
        for (ImageFormat format : values()) {
            if (format.contentType.equalsIgnoreCase(contentType)) {
                return format;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
