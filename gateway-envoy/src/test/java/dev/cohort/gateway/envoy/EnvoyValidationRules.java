package dev.cohort.gateway.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofOptions;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate;
import io.envoyproxy.pgv.validate.Validate.DurationRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.UInt32Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of Envoy's own constraints ({@code validate.rules} annotations, protoc-gen-validate) that Envoy checks
 * when it loads a configuration and that JSON parsing alone does not: required messages and oneofs, minimum
 * string lengths and list sizes, duration and uint32 bounds. Walks the whole configuration, into every
 * {@code typed_config}. A subset of PGV, enough to catch the usual "Envoy refuses to start" mistakes.
 */
final class EnvoyValidationRules {

    private static final ExtensionRegistry PGV = ExtensionRegistry.newInstance();

    static {
        Validate.registerAllExtensions(PGV);
    }

    private static final Map<FieldDescriptor, FieldRules> FIELD_RULES = new ConcurrentHashMap<>();

    private EnvoyValidationRules() {
    }

    /** Every violation found, each as "path: what is wrong"; empty when the configuration passes. */
    static List<String> violations(Message config) {
        List<String> found = new ArrayList<>();
        walk(config, config.getDescriptorForType().getName(), found);
        return found;
    }

    private static void walk(Message message, String path, List<String> found) {
        if (message instanceof Any any) {
            walk(EnvoyTypes.unpackAny(any), path + "<" + any.getTypeUrl().replaceFirst(".*/", "") + ">", found);
            return;
        }
        if (messageRulesDisabled(message)) {
            return;
        }
        for (OneofDescriptor oneof : message.getDescriptorForType().getRealOneofs()) {
            if (oneofRequired(oneof) && message.getOneofFieldDescriptor(oneof) == null) {
                found.add(path + ": one of " + oneof.getName() + " is required");
            }
        }
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            String fieldPath = path + "." + field.getName();
            check(message, field, fieldRules(field), fieldPath, found);
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                    Object element = message.getRepeatedField(field, i);
                    if (field.isMapField()) {
                        Message entry = (Message) element;
                        FieldDescriptor value = entry.getDescriptorForType().findFieldByName("value");
                        Object key = entry.getField(entry.getDescriptorForType().findFieldByName("key"));
                        if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                            walk((Message) entry.getField(value), fieldPath + "[" + key + "]", found);
                        }
                    } else {
                        walk((Message) element, fieldPath + "[" + i + "]", found);
                    }
                }
            } else if (message.hasField(field)) {
                walk((Message) message.getField(field), fieldPath, found);
            }
        }
    }

    private static void check(Message message, FieldDescriptor field, FieldRules rules, String path, List<String> found) {
        if (field.getRealContainingOneof() != null && !message.hasField(field)) {
            return; // rules apply to the member of a oneof that is set, not to the others
        }
        if (field.isRepeated()) {
            if (rules.hasRepeated() && rules.getRepeated().hasMinItems()
                    && message.getRepeatedFieldCount(field) < rules.getRepeated().getMinItems()) {
                found.add(path + ": needs at least " + rules.getRepeated().getMinItems() + " item(s)");
            }
            return;
        }
        if (rules.hasMessage() && rules.getMessage().getRequired() && !message.hasField(field)) {
            found.add(path + ": is required");
        }
        if (rules.hasString() && rules.getString().hasMinLen()) {
            String value = (String) message.getField(field);
            boolean skipEmpty = rules.getString().getIgnoreEmpty() && value.isEmpty();
            if (!skipEmpty && value.codePointCount(0, value.length()) < rules.getString().getMinLen()) {
                found.add(path + ": must be at least " + rules.getString().getMinLen() + " character(s)");
            }
        }
        if (rules.hasDuration()) {
            checkDuration(message, field, rules.getDuration(), path, found);
        }
        if (rules.hasUint32() && field.getType() == FieldDescriptor.Type.UINT32) {
            checkUInt32((Integer) message.getField(field), rules.getUint32(), path, found);
        }
    }

    private static void checkDuration(Message message, FieldDescriptor field, DurationRules rules, String path,
                                      List<String> found) {
        if (!message.hasField(field)) {
            if (rules.getRequired()) {
                found.add(path + ": is required");
            }
            return;
        }
        Duration value = toDuration((Message) message.getField(field));
        if (rules.hasGt() && compare(value, rules.getGt()) <= 0) {
            found.add(path + ": must be greater than " + seconds(rules.getGt()));
        }
        if (rules.hasGte() && compare(value, rules.getGte()) < 0) {
            found.add(path + ": must be at least " + seconds(rules.getGte()));
        }
        if (rules.hasLt() && compare(value, rules.getLt()) >= 0) {
            found.add(path + ": must be less than " + seconds(rules.getLt()));
        }
        if (rules.hasLte() && compare(value, rules.getLte()) > 0) {
            found.add(path + ": must be at most " + seconds(rules.getLte()));
        }
    }

    private static void checkUInt32(int value, UInt32Rules rules, String path, List<String> found) {
        long unsigned = Integer.toUnsignedLong(value);
        if (rules.hasGte() && unsigned < Integer.toUnsignedLong(rules.getGte())) {
            found.add(path + ": must be at least " + Integer.toUnsignedString(rules.getGte()));
        }
        if (rules.hasGt() && unsigned <= Integer.toUnsignedLong(rules.getGt())) {
            found.add(path + ": must be greater than " + Integer.toUnsignedString(rules.getGt()));
        }
        if (rules.hasLte() && unsigned > Integer.toUnsignedLong(rules.getLte())) {
            found.add(path + ": must be at most " + Integer.toUnsignedString(rules.getLte()));
        }
        if (rules.hasLt() && unsigned >= Integer.toUnsignedLong(rules.getLt())) {
            found.add(path + ": must be less than " + Integer.toUnsignedString(rules.getLt()));
        }
    }

    private static Duration toDuration(Message message) {
        if (message instanceof Duration duration) {
            return duration;
        }
        try {
            return Duration.parseFrom(message.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static int compare(Duration a, Duration b) {
        int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
        return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
    }

    private static String seconds(Duration d) {
        return d.getSeconds() + (d.getNanos() == 0 ? "" : "." + String.format("%09d", d.getNanos())) + "s";
    }

    /** The field's rules, read from its options with PGV's extensions (whatever the gencode resolved itself). */
    private static FieldRules fieldRules(FieldDescriptor field) {
        return FIELD_RULES.computeIfAbsent(field, f -> {
            try {
                FieldOptions options = FieldOptions.parseFrom(f.getOptions().toByteString(), PGV);
                return options.getExtension(Validate.rules);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static boolean oneofRequired(OneofDescriptor oneof) {
        try {
            return OneofOptions.parseFrom(oneof.getOptions().toByteString(), PGV).getExtension(Validate.required);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean messageRulesDisabled(Message message) {
        try {
            MessageOptions options = MessageOptions.parseFrom(
                    message.getDescriptorForType().getOptions().toByteString(), PGV);
            return options.getExtension(Validate.disabled) || options.getExtension(Validate.ignored);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
