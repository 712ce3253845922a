package dev.cohort.identity.domain;

import dev.cohort.grpc.common.errors.FieldViolation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What makes a password acceptable, after NIST SP 800-63B: length matters (12 to 128 characters), composition
 * rules do not; a password must not be a known common one, must not be built from the account's own e-mail
 * name, and must not be one character repeated.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private final Set<String> commonPasswords;

    public PasswordPolicy(Set<String> commonPasswords) {
        this.commonPasswords = Set.copyOf(commonPasswords);
    }

    /** The policy with the bundled list of common passwords. */
    public static PasswordPolicy withBundledList() {
        try (InputStream stream = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
            if (stream == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the classpath");
            }
            Set<String> words = new HashSet<>();
            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> words.add(line.toLowerCase(Locale.ROOT)));
            return new PasswordPolicy(words);
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read common-passwords.txt", unreadable);
        }
    }

    /** Every reason this password is refused for this e-mail; empty when it is acceptable. */
    public List<FieldViolation> check(String password, String normalisedEmail) {
        List<FieldViolation> violations = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            violations.add(new FieldViolation("password",
                    "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters"));
            return violations;
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.contains(lower)) {
            violations.add(new FieldViolation("password", "is too common; choose a less predictable one"));
        }
        if (password.codePoints().distinct().count() == 1) {
            violations.add(new FieldViolation("password", "must not repeat a single character"));
        }
        String name = EmailAddress.localPart(normalisedEmail);
        if (name.length() >= 4 && lower.contains(name)) {
            violations.add(new FieldViolation("password", "must not contain the name of your e-mail address"));
        }
        return violations;
    }
}
