package dev.cohort.media;

/** Too many bytes, or a header announcing more pixels than allowed (refused before decoding a single one). */
public final class ImageTooLargeException extends ImageRejectedException {

    public ImageTooLargeException(String message) {
        super(message, null);
    }

    @Override
    public String reason() {
        return "IMAGE_TOO_LARGE";
    }
}
