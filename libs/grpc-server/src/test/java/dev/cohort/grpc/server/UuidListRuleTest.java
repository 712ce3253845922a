package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import build.buf.protovalidate.Config;
import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import com.google.protobuf.Message;
import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.OpenDirectRequest;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.profile.v1.BatchGetProfilesRequest;
import dev.cohort.profile.v1.SearchPeopleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The lists of ids checked in Java give exactly protovalidate's answer: the same violations (paths and messages)
 * in the same order, on the contracts' own request types, for valid and broken lists alike (ADR 0073).
 */
class UuidListRuleTest {

    private static final Validator PROTOVALIDATE = ValidatorFactory.newBuilder()
            .withConfig(Config.newBuilder().setEnableNativeRules(true).build()).build();

    private final ValidationInterceptor interceptor =
            new ValidationInterceptor(PROTOVALIDATE, new StatusMapper("test.cohort.dev"));
    private final TextRule textRule = new TextRule();
    private final SplittableRandom random = new SplittableRandom(73);

    @Test
    void takesOverRequestsWhoseOnlyRulesAreListsOfIds() {
        UuidListRule rule = new UuidListRule();

        UuidListRule.Plan batch = rule.planFor(BatchGetProfilesRequest.getDescriptor());
        assertThat(batch.fields()).singleElement().satisfies(list -> {
            assertThat(list.field().getName()).isEqualTo("user_ids");
            assertThat(list.minItems()).isEqualTo(1L);
            assertThat(list.maxItems()).isEqualTo(100L);
        });
        assertThat(rule.planFor(OpenDirectRequest.getDescriptor()).fields()).singleElement()
                .satisfies(list -> assertThat(list.maxItems()).isEqualTo(8L));
        // Other fields with rules of their own, or ids that must be unique: protovalidate checks the whole request.
        assertThat(rule.planFor(AddMembersRequest.getDescriptor()).takesOver()).isFalse();
        assertThat(rule.planFor(CreateChannelRequest.getDescriptor()).takesOver()).isFalse();

        assertThat(rule.planFor(SearchPeopleRequest.getDescriptor()).takesOver()).isFalse();
    }

    @Test
    void answersAsProtovalidateOnValidAndBrokenListsOfIds() {
        for (int i = 0; i < 1_000; i++) {
            List<String> ids = ids(1 + random.nextInt(110), random.nextBoolean());
            assertSameAsProtovalidate(BatchGetProfilesRequest.newBuilder().addAllUserIds(ids).build());
            assertSameAsProtovalidate(OpenDirectRequest.newBuilder().addAllParticipantUserIds(ids.subList(0,
                    Math.min(ids.size(), 1 + random.nextInt(10)))).build());
            AddMembersRequest.Builder add = AddMembersRequest.newBuilder().addAllUserIds(ids)
                    .setConversationId(random.nextInt(4) == 0 ? "not-a-uuid" : UUID.randomUUID().toString());
            if (random.nextInt(4) == 0) {
                add.addUserIds(ids.get(0)); // a repeated id
            }
            assertSameAsProtovalidate(add.build());
            assertSameAsProtovalidate(CreateChannelRequest.newBuilder()
                    .setName(random.nextInt(4) == 0 ? " " : "study group").addAllMemberUserIds(ids).build());
        }
    }

    @Test
    void answersAsProtovalidateOnEmptyLists() {
        assertSameAsProtovalidate(BatchGetProfilesRequest.getDefaultInstance());
        assertSameAsProtovalidate(AddMembersRequest.getDefaultInstance());
        assertSameAsProtovalidate(CreateChannelRequest.newBuilder().setName("x").build());
        assertThat(interceptor.violationsOf(BatchGetProfilesRequest.getDefaultInstance()))
                .containsExactly(new FieldViolation("user_ids", "must contain at least 1 item(s)"));
    }

    @Test
    void namesEachBadIdByItsIndex() {
        String good = UUID.randomUUID().toString();
        var request = BatchGetProfilesRequest.newBuilder().addUserIds(good).addUserIds("")
                .addUserIds(good.toUpperCase()).addUserIds(good.replace("-", "")).build();

        assertThat(interceptor.violationsOf(request)).containsExactly(
                new FieldViolation("user_ids[1]", "value is empty, which is not a valid UUID"),
                new FieldViolation("user_ids[3]", "must be a valid UUID"));
        assertSameAsProtovalidate(request);
    }

    private void assertSameAsProtovalidate(Message request) {
        assertThat(interceptor.violationsOf(request)).as("%s", request).isEqualTo(protovalidateAlone(request));
    }

    /** What the interceptor answered before ADR 0073: the text rule, then protovalidate on the whole message. */
    private List<FieldViolation> protovalidateAlone(Message request) {
        List<FieldViolation> violations = new ArrayList<>(textRule.violationsOf(request));
        try {
            ValidationResult result = PROTOVALIDATE.validate(request);
            for (build.buf.protovalidate.Violation violation : result.getViolations()) {
                violations.add(new FieldViolation(ValidationInterceptor.pathOf(violation.toProto().getField()),
                        violation.toProto().getMessage()));
            }
        } catch (build.buf.protovalidate.exceptions.ValidationException broken) {
            throw new AssertionError(broken);
        }
        return violations;
    }

    /** {@code count} ids; with {@code someBroken}, now and then a broken one of the kinds clients send. */
    private List<String> ids(int count, boolean someBroken) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(switch (someBroken ? random.nextInt(60) : -1) {
                case 0 -> "";
                case 1 -> id.toUpperCase();
                case 2 -> id.replace("-", "");
                case 3 -> id.substring(1);
                case 4 -> id + "0";
                case 5 -> id.replace('a', 'g');
                case 6 -> id + "\n";
                case 7 -> " " + id.substring(1);
                case 8 -> id.substring(0, 8) + "_" + id.substring(9);
                case 9 -> "{" + id.substring(1, 35) + "}";
                case 10 -> "１" + id.substring(1); // a full-width digit: not an ASCII hex digit
                default -> id;
            });
        }
        return ids;
    }
}
