package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.common.v1.TextProto;
import dev.cohort.course.v1.CourseRecord;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.grpc.common.errors.FieldViolation;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextRuleTest {

    private final TextRule rule = new TextRule();

    // A message type with every shape a string can take: plain, free text, repeated, nested, repeated nested,
    // map keys and values (string and message), oneof; and a recursive type. Built here rather than in a
    // contract, because no contract needs all of them yet and the rule must already hold for them.
    private static Descriptor outer;
    private static Descriptor inner;

    @BeforeAll
    static void buildTestTypes() throws DescriptorValidationException {
        FieldOptions freeText = FieldOptions.newBuilder().setExtension(TextProto.freeText, true).build();
        DescriptorProto innerType = DescriptorProto.newBuilder().setName("Inner")
                .addField(string("name", 1))
                .addField(string("note", 2).setOptions(freeText))
                .addField(message("child", 3, ".test.Inner"))
                .build();
        DescriptorProto labelsEntry = DescriptorProto.newBuilder().setName("LabelsEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(string("key", 1)).addField(string("value", 2)).build();
        DescriptorProto notesEntry = DescriptorProto.newBuilder().setName("NotesEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(string("key", 1)).addField(string("value", 2)).build();
        DescriptorProto byNumberEntry = DescriptorProto.newBuilder().setName("ByNumberEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                        .setType(FieldDescriptorProto.Type.TYPE_INT32).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
                .addField(message("value", 2, ".test.Inner")).build();
        DescriptorProto outerType = DescriptorProto.newBuilder().setName("Outer")
                .addNestedType(labelsEntry).addNestedType(notesEntry).addNestedType(byNumberEntry)
                .addField(string("title", 1))
                .addField(string("body", 2).setOptions(freeText))
                .addField(string("tags", 3).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .addField(message("inner", 4, ".test.Inner"))
                .addField(message("items", 5, ".test.Inner").setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .addField(message("labels", 6, ".test.Outer.LabelsEntry").setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .addField(message("notes", 7, ".test.Outer.NotesEntry").setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                        .setOptions(freeText))
                .addField(message("by_number", 8, ".test.Outer.ByNumberEntry").setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"))
                .addField(string("code", 9).setOneofIndex(0))
                .addField(message("detail", 10, ".test.Inner").setOneofIndex(0))
                .build();
        FileDescriptor file = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder()
                .setName("test/text_rule.proto").setPackage("test").setSyntax("proto3")
                .addMessageType(innerType).addMessageType(outerType).build(), new FileDescriptor[0]);
        outer = file.findMessageTypeByName("Outer");
        inner = file.findMessageTypeByName("Inner");
    }

    private static FieldDescriptorProto.Builder string(String name, int number) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static FieldDescriptorProto.Builder message(String name, int number, String type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setTypeName(type)
                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static DynamicMessage.Builder outer() {
        return DynamicMessage.newBuilder(outer);
    }

    private static DynamicMessage inner(String name, String note) {
        return DynamicMessage.newBuilder(inner).setField(inner.findFieldByName("name"), name)
                .setField(inner.findFieldByName("note"), note).build();
    }

    private static Message mapEntry(String field, Object key, Object value) {
        Descriptor entry = outer.findFieldByName(field).getMessageType();
        return DynamicMessage.newBuilder(entry).setField(entry.findFieldByNumber(1), key)
                .setField(entry.findFieldByNumber(2), value).build();
    }

    private List<String> refusedPaths(Message message) {
        return rule.violationsOf(message).stream().map(FieldViolation::field).toList();
    }

    @Test
    void passesOrdinaryTextInEveryLanguageAndEmoji() {
        Message message = outer().setField(outer.findFieldByName("title"), "Grüße, 你好, שלום, ok 👋🏽")
                .setField(outer.findFieldByName("body"), "line one\n\tline two").build();

        assertThat(rule.violationsOf(message)).isEmpty();
    }

    @Test
    void leavesAFieldTheContractExemptsFromRequestValidationToItsHandler() {
        // ImportCatalog's records say (buf.validate.field).ignore = IGNORE_ALWAYS: course checks each record itself
        // with this rule, so that a bad record is that record's error and not the end of the import.
        CourseRecord record = CourseRecord.newBuilder().setCode("CPSC 110").setTitle("Bell\u0007").build();

        assertThat(rule.violationsOf(ImportCatalogRequest.newBuilder().setCourse(record).build())).isEmpty();
        assertThat(refusedPaths(record)).containsExactly("title");
    }

    @Test
    void refusesEveryC0ControlCharacterAndDelInAName() {
        for (char c = 0; c < 0x20; c++) {
            Message message = outer().setField(outer.findFieldByName("title"), "a" + c + "b").build();
            assertThat(refusedPaths(message)).as("U+%04X", (int) c).containsExactly("title");
        }
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("title"), "a\u007Fb").build()))
                .containsExactly("title");
    }

    @Test
    void describesWhatWasFoundAndWhere() {
        Message message = outer().setField(outer.findFieldByName("title"), "👋a\u0000").build();

        assertThat(rule.violationsOf(message)).containsExactly(new FieldViolation("title",
                "value must not contain control characters (U+0000 to U+001F, U+007F); found U+0000 at character 2"));
    }

    @Test
    void allowsOnlyNewlineAndTabInFreeText() {
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("body"), "a\nb\tc").build())).isEmpty();
        for (char c : new char[] {'\u0000', '\r', '\u000B', '\u001B', '\u007F'}) {
            Message message = outer().setField(outer.findFieldByName("body"), "a" + c).build();
            assertThat(refusedPaths(message)).as("U+%04X", (int) c).containsExactly("body");
        }
        assertThat(rule.violationsOf(outer().setField(outer.findFieldByName("body"), "\r\n").build()).get(0)
                .description()).contains("other than newline and tab").contains("U+000D");
    }

    @Test
    void refusesNewlineAndTabOutsideFreeText() {
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("title"), "a\nb").build())).containsExactly("title");
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("title"), "a\tb").build())).containsExactly("title");
    }

    @Test
    void refusesUnpairedSurrogatesButNotPairs() {
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("title"), "ok \uD83D\uDC4B").build())).isEmpty();
        for (String broken : new String[] {"\uD83D", "a\uD83Db", "\uDC4B", "\uDC4B\uD83D"}) {
            List<FieldViolation> violations = rule.violationsOf(
                    outer().setField(outer.findFieldByName("body"), broken).build());
            assertThat(violations).extracting(FieldViolation::field).containsExactly("body");
            assertThat(violations.get(0).description()).contains("unpaired surrogate");
        }
    }

    @Test
    void looksIntoRepeatedNestedAndRecursiveFields() {
        DynamicMessage deep = DynamicMessage.newBuilder(inner)
                .setField(inner.findFieldByName("child"), DynamicMessage.newBuilder(inner)
                        .setField(inner.findFieldByName("child"), inner("deep\u0001", "")).build()).build();
        Message message = outer()
                .addRepeatedField(outer.findFieldByName("tags"), "fine")
                .addRepeatedField(outer.findFieldByName("tags"), "bad\u0002")
                .setField(outer.findFieldByName("inner"), deep)
                .addRepeatedField(outer.findFieldByName("items"), inner("ok", "ok\nfine"))
                .addRepeatedField(outer.findFieldByName("items"), inner("ok", "bad\u0000"))
                .build();

        assertThat(refusedPaths(message)).containsExactlyInAnyOrder(
                "tags[1]", "inner.child.child.name", "items[1].note");
    }

    @Test
    void looksIntoMapKeysAndValuesWithoutEchoingABadKey() {
        Message message = outer()
                .addRepeatedField(outer.findFieldByName("labels"), mapEntry("labels", "good", "bad\n"))
                .addRepeatedField(outer.findFieldByName("labels"), mapEntry("labels", "bad\u0000key", "fine"))
                .addRepeatedField(outer.findFieldByName("notes"), mapEntry("notes", "k", "two\nlines"))
                .addRepeatedField(outer.findFieldByName("notes"), mapEntry("notes", "k\t", "x"))
                .addRepeatedField(outer.findFieldByName("by_number"), mapEntry("by_number", 7, inner("x\u001F", "")))
                .build();

        List<FieldViolation> violations = rule.violationsOf(message);

        assertThat(violations).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "labels[\"good\"]", "labels", "notes", "by_number[7].name");
        assertThat(violations).filteredOn(v -> v.field().equals("labels")).singleElement()
                .satisfies(v -> assertThat(v.description()).startsWith("map keys must not contain"));
        assertThat(violations).extracting(FieldViolation::field).noneMatch(path -> path.indexOf('\u0000') >= 0);
    }

    @Test
    void looksIntoWhicheverOneofMemberIsSet() {
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("code"), "x\u0003").build()))
                .containsExactly("code");
        assertThat(refusedPaths(outer().setField(outer.findFieldByName("detail"), inner("y\u0003", "")).build()))
                .containsExactly("detail.name");
    }

    @Test
    void readsTheFreeTextMarkFromTheContracts() {
        SendMessageRequest multiline = SendMessageRequest.newBuilder().setText("first\n\tsecond")
                .setClientMessageId("c1").build();
        CreateChannelRequest multilineName = CreateChannelRequest.newBuilder().setName("two\nlines").build();

        assertThat(rule.violationsOf(multiline)).isEmpty();
        assertThat(refusedPaths(multilineName)).containsExactly("name");
    }

    @Test
    void namesTheFieldOfAStreamFrameByItsFullPath() {
        ConnectRequest frame = ConnectRequest.newBuilder().setFrame(ClientFrame.newBuilder().setCorrelationId("1")
                .setSendMessage(SendMessageRequest.newBuilder().setText("hi\u0000").setClientMessageId("c"))).build();

        assertThat(refusedPaths(frame)).containsExactly("frame.send_message.text");
    }
}
