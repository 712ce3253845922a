package dev.cohort.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets of the local stack, generated on first start and kept (mode 600) under {@code .cohort/secrets} so that
 * data encrypted with them stays readable across restarts. Never used outside a developer's machine.
 */
final class LocalSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    LocalSecrets(Path directory) {
        this.directory = directory;
    }

    /** Base64 of 32 random bytes: a key. */
    String key(String name) throws IOException {
        return readOrCreate(name, () -> Base64.getEncoder().encodeToString(random(32)));
    }

    /** A password that passes the identity password policy. */
    String password(String name) throws IOException {
        return readOrCreate(name, () -> "cohort-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(12)));
    }

    /** A value made by {@code generator} on first use and kept under {@code name}. */
    String generated(String name, java.util.function.Supplier<String> generator) throws IOException {
        return readOrCreate(name, generator);
    }

    private String readOrCreate(String name, java.util.function.Supplier<String> generator) throws IOException {
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        Files.createDirectories(directory);
        String value = generator.get();
        Files.writeString(file, value);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply.
        }
        return value;
    }

    private static byte[] random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return buffer;
    }
}
