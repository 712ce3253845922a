package dev.cohort.mail;

/**
 * A message that the SMTP server did not accept. {@link #permanent()} is true when trying again cannot help (the
 * server answered 5xx, or the address is not one); otherwise (4xx, no connection, a timeout) it may be retried.
 */
public class MailDeliveryException extends RuntimeException {
    private final boolean permanent;

    public MailDeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
