package dev.cohort.grpc.server;

import build.buf.validate.Ignore;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Message;
import dev.cohort.common.v1.TextProto;
import dev.cohort.grpc.common.errors.FieldViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one text rule of every contract (ADR 18), checked on every string field of a request, however deep: in
 * nested messages, repeated fields, map keys and values, and oneofs. A string must be valid Unicode (no unpaired
 * surrogate) and must not contain a C0 control character (U+0000 to U+001F) or DEL (U+007F), except newline and
 * tab in a field the contract marks {@code (cohort.common.v1.free_text)}.
 *
 * <p>Why here and not per service: PostgreSQL cannot store U+0000 at all (the insert fails, the caller saw
 * INTERNAL), and other control characters in names or ids spoof what people see in logs and lists. A rule every
 * request passes before its handler keeps such values out of every store and batch at once.
 *
 * <p>A field the contract exempts from request validation ({@code (buf.validate.field).ignore = IGNORE_ALWAYS}) is
 * skipped here too: its handler checks it with this same rule where a bad value must not fail the whole call (the
 * records of course's ImportCatalog stream, each reported as that record's error).
 *
 * <p>Thread-safe: what to look at in each message type is worked out once and kept.
 */
public final class TextRule {

    private static final String CONTROL_RANGE = "control characters (U+0000 to U+001F, U+007F)";

    /** The fields of each message type that can hold a string, directly or further down. */
    private final ConcurrentMap<Descriptor, List<FieldDescriptor>> textFields = new ConcurrentHashMap<>();

    /** Every string in {@code message} that breaks the rule, by field path (empty, not allocated, when none). */
    public List<FieldViolation> violationsOf(Message message) {
        List<FieldViolation> violations = new ArrayList<>(0);
        check(message, "", violations);
        return violations.isEmpty() ? List.of() : violations;
    }

    private void check(Message message, String prefix, List<FieldViolation> violations) {
        for (FieldDescriptor field : fieldsToCheck(message.getDescriptorForType())) {
            if (field.isMapField()) {
                checkMap(message, field, prefix + field.getName(), violations);
            } else if (field.isRepeated()) {
                // The list once (not an accessor call per item), and a path only for what is reported.
                List<?> values = (List<?>) message.getField(field);
                for (int i = 0; i < values.size(); i++) {
                    checkValue(field, values.get(i), prefix, i, violations);
                }
            } else if (field.getJavaType() == JavaType.STRING || message.hasField(field)) {
                checkValue(field, message.getField(field), prefix, -1, violations);
            }
        }
    }

    /** {@code value} of {@code field} (item {@code index} of it, or -1 when it is not a list) under {@code prefix}. */
    private void checkValue(FieldDescriptor field, Object value, String prefix, int index,
                            List<FieldViolation> violations) {
        if (value instanceof String text) {
            String problem = problemIn(text, isFreeText(field));
            if (problem != null) {
                violations.add(new FieldViolation(path(prefix, field, index), "value " + problem));
            }
        } else if (value instanceof Message nested) {
            check(nested, path(prefix, field, index) + ".", violations);
        }
    }

    private static String path(String prefix, FieldDescriptor field, int index) {
        return index < 0 ? prefix + field.getName() : prefix + field.getName() + "[" + index + "]";
    }

    private void checkMap(Message message, FieldDescriptor field, String path, List<FieldViolation> violations) {
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        boolean freeText = isFreeText(field);
        int count = message.getRepeatedFieldCount(field);
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            Object key = entry.getField(keyField);
            if (key instanceof String text) {
                String problem = problemIn(text, false);
                if (problem != null) {
                    // The key itself is not repeated in the path: it holds the very characters being refused.
                    violations.add(new FieldViolation(path, "map keys " + problem));
                    continue;
                }
            }
            String entryPath = path + "[" + (key instanceof String text ? "\"" + text + "\"" : key) + "]";
            Object value = entry.getField(valueField);
            if (value instanceof String text) {
                report(text, freeText, entryPath, violations);
            } else if (value instanceof Message nested) {
                check(nested, entryPath + ".", violations);
            }
        }
    }

    private static void report(String text, boolean freeText, String path, List<FieldViolation> violations) {
        String problem = problemIn(text, freeText);
        if (problem != null) {
            violations.add(new FieldViolation(path, "value " + problem));
        }
    }

    /**
     * What is wrong with {@code text} ("must not contain ..."), or null when it passes. Positions are counted in
     * Unicode code points from 0, as mentions count them.
     */
    static String problemIn(String text, boolean freeText) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (freeText && (c == '\n' || c == '\t')) {
                    continue;
                }
                return "must not contain " + (freeText ? CONTROL_RANGE + " other than newline and tab"
                        : CONTROL_RANGE) + "; found " + codePoint(c) + " at character " + text.codePointCount(0, i);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode; found an unpaired surrogate " + codePoint(c) + " at character "
                        + text.codePointCount(0, i);
            }
        }
        return null;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    static boolean isFreeText(FieldDescriptor field) {
        return field.getOptions().getExtension(TextProto.freeText);
    }

    private List<FieldDescriptor> fieldsToCheck(Descriptor type) {
        List<FieldDescriptor> known = textFields.get(type);
        if (known != null) {
            return known;
        }
        List<FieldDescriptor> fields = new ArrayList<>();
        for (FieldDescriptor field : type.getFields()) {
            if (leftToHandler(field)) {
                continue;
            }
            if (field.getJavaType() == JavaType.STRING
                    || field.getJavaType() == JavaType.MESSAGE && canHoldText(field.getMessageType(), new HashSet<>())) {
                fields.add(field);
            }
        }
        List<FieldDescriptor> plan = List.copyOf(fields);
        textFields.putIfAbsent(type, plan);
        return plan;
    }

    /** A field the request validator ignores by the contract's word: its handler checks it (see the class comment). */
    private static boolean leftToHandler(FieldDescriptor field) {
        return field.getOptions().hasExtension(ValidateProto.field)
                && field.getOptions().getExtension(ValidateProto.field).getIgnore() == Ignore.IGNORE_ALWAYS;
    }

    /** Whether a message of this type can contain a string anywhere (Timestamp cannot: not worth a look). */
    private static boolean canHoldText(Descriptor type, Set<Descriptor> visiting) {
        if (!visiting.add(type)) {
            return false; // Already being looked at further up: its other fields decide.
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == JavaType.STRING) {
                return true;
            }
            if (field.getJavaType() == JavaType.MESSAGE && canHoldText(field.getMessageType(), visiting)) {
                return true;
            }
        }
        return false;
    }
}
