package dev.cohort.media;

/** The bytes are not a JPEG, PNG or WebP image, whatever the file was called or the upload claimed. */
public final class UnsupportedImageTypeException extends ImageRejectedException {

    public UnsupportedImageTypeException(String message) {
        super(message, null);
    }

    @Override
    public String reason() {
        return "UNSUPPORTED_IMAGE_TYPE";
    }
}
