package dev.cohort.objectstore;

/** An object was larger than its reader allows: nothing of it was kept in memory beyond the limit. */
public final class ObjectTooLargeException extends RuntimeException {
    private final String key;
    private final long limit;

    public ObjectTooLargeException(String key, long limit) {
        super("object " + key + " is larger than " + limit + " bytes");
        this.key = key;
        this.limit = limit;
    }

    public String key() {
        return key;
    }

    public long limit() {
        return limit;
    }
}
