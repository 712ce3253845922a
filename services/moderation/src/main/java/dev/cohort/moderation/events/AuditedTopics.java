package dev.cohort.moderation.events;

import dev.cohort.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * Every topic of the platform, read from {@link Topics} itself, so that a domain added there is audited without a
 * change here.
 */
public final class AuditedTopics {

    private AuditedTopics() {
    }

    /** The names of every topic {@link Topics} declares. */
    public static String[] all() {
        return Arrays.stream(Topics.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(AuditedTopics::value)
                .sorted()
                .toArray(String[]::new);
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException("Topics." + field.getName() + " is public", impossible);
        }
    }
}
