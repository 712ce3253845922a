package dev.cohort.schemaregistry.domain;

/** A version as written in a URL: a number from 1, or {@code latest} (also spelled {@code -1}). */
public record VersionSelector(int number) {
    private static final int LATEST = -1;

    public static VersionSelector parse(String text) {
        if ("latest".equalsIgnoreCase(text)) {
            return new VersionSelector(LATEST);
        }
        try {
            int number = Integer.parseInt(text);
            if (number == LATEST || number >= 1) {
                return new VersionSelector(number);
            }
        } catch (NumberFormatException e) {
            // falls through to the 42202 below
        }
        throw RegistryException.invalidVersion(text);
    }

    public boolean latest() {
        return number == LATEST;
    }
}
