package dev.cohort.grpc.server;

import build.buf.validate.FieldRules;
import build.buf.validate.Ignore;
import build.buf.validate.RepeatedRules;
import build.buf.validate.StringRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import dev.cohort.grpc.common.errors.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The contracts' lists of ids, checked in Java (ADR 0073): a {@code repeated string} field whose rules are exactly
 * {@code repeated.items.string.uuid}, optionally with {@code repeated.min_items} and {@code repeated.max_items},
 * and nothing else. protovalidate-java 1.3.0 evaluates rules on the items of a repeated
 * field through CEL, item by item (its native rules cover single fields only), which made a request of 100 ids
 * cost about half a millisecond of CPU to validate; here the same rules cost a pass over the characters.
 *
 * <p>The contract stays the one statement of the rule: this class reads the {@code buf.validate} options of each
 * request type and takes over a type only when every rule it has is one of these lists (as BatchGetProfiles',
 * OpenDirect's, GetPresence's requests), with protovalidate's field paths and messages ({@code user_ids[3]}: "must
 * be a valid UUID"), checked against protovalidate itself by {@code UuidListRuleTest}. Every other type, rules of
 * other fields, nested messages, message-level or oneof rules, stays with protovalidate whole.
 *
 * <p>Thread-safe: the plan of each message type is worked out once and kept.
 */
final class UuidListRule {

    private static final FieldRules UUID_ITEM = FieldRules.newBuilder()
            .setString(StringRules.newBuilder().setUuid(true)).build();

    /** The lists of a message type this rule checks; empty when protovalidate checks the type. */
    record Plan(List<UuidList> fields) {

        static final Plan NONE = new Plan(List.of());

        boolean takesOver() {
            return !fields.isEmpty();
        }
    }

    /** One list of ids and its bounds (null when the contract sets none). */
    record UuidList(FieldDescriptor field, Long minItems, Long maxItems) {
    }

    private final ConcurrentMap<Descriptor, Plan> plans = new ConcurrentHashMap<>();

    Plan planFor(Descriptor type) {
        Plan known = plans.get(type);
        if (known != null) {
            return known;
        }
        Plan plan = plan(type);
        plans.putIfAbsent(type, plan);
        return plan;
    }

    /**
     * The violations of the lists {@code plan} names in {@code message} (empty when none), in protovalidate's order:
     * field by field, its count, then each bad item.
     */
    static List<FieldViolation> check(Message message, Plan plan) {
        List<FieldViolation> violations = new ArrayList<>(0);
        for (UuidList list : plan.fields()) {
            FieldDescriptor field = list.field();
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) message.getField(field);
            if (list.minItems() != null && items.size() < list.minItems()) {
                violations.add(new FieldViolation(field.getName(),
                        "must contain at least " + list.minItems() + " item(s)"));
            }
            if (list.maxItems() != null && items.size() > list.maxItems()) {
                violations.add(new FieldViolation(field.getName(),
                        "must contain no more than " + list.maxItems() + " item(s)"));
            }
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                if (item.isEmpty()) {
                    violations.add(new FieldViolation(field.getName() + "[" + i + "]",
                            "value is empty, which is not a valid UUID"));
                } else if (!isUuid(item)) {
                    violations.add(new FieldViolation(field.getName() + "[" + i + "]",
                            "must be a valid UUID"));
                }
            }
        }
        return violations;
    }

    /**
     * protovalidate's {@code string.uuid}: {@code ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-
     * [0-9a-fA-F]{12}$}, any version or variant, either case.
     */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static Plan plan(Descriptor type) {
        if (type.getOptions().hasExtension(ValidateProto.message) || hasOneofRules(type)) {
            return Plan.NONE;
        }
        List<UuidList> lists = new ArrayList<>();
        for (FieldDescriptor field : type.getFields()) {
            UuidList list = uuidList(field);
            if (list != null) {
                lists.add(list);
            } else if (field.getOptions().hasExtension(ValidateProto.field)
                    || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                return Plan.NONE; // rules of its own, or a message that may have some inside: protovalidate's
            }
        }
        return new Plan(List.copyOf(lists));
    }

    private static boolean hasOneofRules(Descriptor type) {
        for (OneofDescriptor oneof : type.getOneofs()) {
            if (oneof.getOptions().hasExtension(ValidateProto.oneof)) {
                return true;
            }
        }
        return false;
    }

    /** The field as a list of ids whose every rule is one this class implements, or null. */
    private static UuidList uuidList(FieldDescriptor field) {
        if (!field.isRepeated() || field.isMapField() || field.getJavaType() != FieldDescriptor.JavaType.STRING
                || !field.getOptions().hasExtension(ValidateProto.field)) {
            return null;
        }
        FieldRules rules = field.getOptions().getExtension(ValidateProto.field);
        if (!rules.hasRepeated() || rules.getIgnore() != Ignore.IGNORE_UNSPECIFIED
                || !rules.toBuilder().clearRepeated().build().equals(FieldRules.getDefaultInstance())) {
            return null;
        }
        RepeatedRules repeated = rules.getRepeated();
        if (!repeated.getItems().equals(UUID_ITEM) || !repeated.toBuilder().clearItems().clearMinItems()
                .clearMaxItems().build().equals(RepeatedRules.getDefaultInstance())) {
            return null;
        }
        return new UuidList(field, repeated.hasMinItems() ? repeated.getMinItems() : null,
                repeated.hasMaxItems() ? repeated.getMaxItems() : null);
    }
}
