package dev.cohort.events.serde;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (1.12.1 and later) refuses to instantiate classes named by a schema unless they are
 * trusted ({@link ClassSecurityValidator}), so that a hostile writer schema cannot make a reader
 * load arbitrary classes. Decoding into generated classes needs exactly that, so this adds, once
 * per process, a rule trusting <em>Avro-generated</em> types (specific records, enums, fixed) in
 * the given packages, {@value #EVENTS_PACKAGE} always. Avro's own rules (including the system
 * properties {@code org.apache.avro.SERIALIZABLE_PACKAGES}/{@code _CLASSES}) still apply as well.
 */
public final class TrustedEventClasses {
    /** Cohort's generated event classes. */
    public static final String EVENTS_PACKAGE = "dev.cohort.events";

    private static final Set<String> PREFIXES = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    static {
        trustPackage(EVENTS_PACKAGE);
    }

    private TrustedEventClasses() {
    }

    /** Trusts Avro-generated types in {@code packageName} and its sub-packages. Idempotent. */
    public static synchronized void trustPackage(String packageName) {
        String name = packageName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty package name");
        }
        PREFIXES.add(name.endsWith(".") ? name : name + ".");
        if (!installed) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), TrustedEventClasses::isTrusted));
            installed = true;
        }
    }

    /** Makes sure the default rule is installed (the class initializer does it). */
    static void ensureInstalled() {
        // Triggers class initialization.
    }

    static boolean isTrusted(Class<?> type) {
        boolean generated = SpecificRecord.class.isAssignableFrom(type)
                || (type.isEnum() && GenericEnumSymbol.class.isAssignableFrom(type))
                || SpecificFixed.class.isAssignableFrom(type);
        if (!generated) {
            return false;
        }
        String name = type.getName();
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
