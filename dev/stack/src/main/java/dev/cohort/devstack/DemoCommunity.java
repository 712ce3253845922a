package dev.cohort.devstack;

import com.google.protobuf.Any;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.cohort.chat.v1.AddReactionRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.ImportMessagesRequest;
import dev.cohort.chat.v1.ImportedMessage;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.ListMessagesRequest;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.chat.v1.MarkReadRequest;
import dev.cohort.chat.v1.Mention;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.OpenDirectRequest;
import dev.cohort.course.v1.CompleteLessonRequest;
import dev.cohort.course.v1.Course;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.EnrollRequest;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.course.v1.ListSectionsRequest;
import dev.cohort.course.v1.ListTermsRequest;
import dev.cohort.course.v1.Module;
import dev.cohort.course.v1.SearchCoursesRequest;
import dev.cohort.course.v1.Section;
import dev.cohort.course.v1.TermState;
import dev.cohort.devstack.DemoPeople.Student;
import dev.cohort.group.v1.ApproveRequestRequest;
import dev.cohort.group.v1.CreateGroupRequest;
import dev.cohort.group.v1.GroupServiceGrpc;
import dev.cohort.group.v1.GroupVisibility;
import dev.cohort.group.v1.RequestToJoinRequest;
import dev.cohort.moderation.v1.ModerationServiceGrpc;
import dev.cohort.moderation.v1.ReportMessageRequest;
import dev.cohort.profile.v1.ConfirmAvatarUploadRequest;
import dev.cohort.profile.v1.CreateAvatarUploadRequest;
import dev.cohort.profile.v1.CreateAvatarUploadResponse;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import dev.cohort.profile.v1.UpdateMyProfileRequest;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Makes the demo community live, once, through the services' own RPCs (as any client would, so every event flows
 * as in production): profiles with avatars (a real presigned PUT), enrolments in the open term, study groups with
 * pending requests, section and public channels, direct chats, and a few hundred messages with threads, reactions,
 * mentions and read markers. Independent work runs in parallel; what depends on another service's events (a profile
 * from UserRegistered, chat knowing a user, a group's conversation) is polled for with a deadline.
 *
 * <p>Messages are written "now": chat stamps them with its own clock and has no way to back-date them, and adding
 * one only for demo data would be a backdoor into history (ADR 48).
 */
final class DemoCommunity implements AutoCloseable {

    /** A signed-in demo student. */
    record Member(Student student, String userId, ClientInterceptor auth) {
    }

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(20);
    /** How long to wait for another service's events to arrive (a profile, a known user, a group conversation). */
    private static final Duration EVENTS_DEADLINE = Duration.ofSeconds(45);
    private static final int SECTIONS = 4;

    private final ManagedChannel profile;
    private final ManagedChannel course;
    private final ManagedChannel group;
    private final ManagedChannel chat;
    private final ManagedChannel moderation;
    private final ExecutorService pool = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "demo-data");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoCommunity(StackSettings settings) {
        this.profile = channel(settings.profilePort());
        this.course = channel(settings.coursePort());
        this.group = channel(settings.groupPort());
        this.chat = channel(settings.chatPort());
        this.moderation = channel(settings.moderationPort());
    }

    /** Builds everything for {@code members} (in {@link DemoPeople#STUDENTS} order); {@code admin} runs channels. */
    void build(List<Member> members, ClientInterceptor admin) throws Exception {
        CompletableFuture<Void> profiles = all(members.stream().map(m -> run(() -> profileAndAvatar(m))).toList());
        List<Section> sections = pickSections(members.get(0));
        all(members.stream().map(m -> run(() -> enrolAndLearn(m, members.indexOf(m), sections))).toList()).join();
        Map<String, String> groupConversations = formGroups(members, sections);
        List<Conversation> conversations = new ArrayList<>();
        conversations.addAll(sectionChannels(members, sections, admin));
        conversations.addAll(publicChannels(members));
        conversations.addAll(directs(members));
        List<CompletableFuture<Void>> talks = new ArrayList<>();
        for (Conversation conversation : conversations) {
            talks.add(run(() -> talk(conversation.getConversationId(), membersOf(conversation, members, sections),
                    admin)));
        }
        for (int i = 0; i < DemoPeople.GROUPS.size(); i++) {
            DemoPeople.StudyGroup studyGroup = DemoPeople.GROUPS.get(i);
            List<Member> people = new ArrayList<>();
            people.add(members.get(studyGroup.owner()));
            studyGroup.approved().forEach(index -> people.add(members.get(index)));
            String conversationId = groupConversations.get(studyGroup.name());
            talks.add(run(() -> talk(conversationId, people, admin)));
        }
        all(talks).join();
        // A report waiting in the admin's queue, so that the admin area has something to act on from the start.
        CompletableFuture<Void> report = run(() -> reportAMessage(conversations.get(0), members, sections));
        profiles.join();
        report.join();
    }

    /**
     * One member of the conversation reports another's message, as a student would. Moderation learns who may see
     * which message from chat's events, so the report is retried until those have arrived.
     */
    private void reportAMessage(Conversation conversation, List<Member> members, List<Section> sections) {
        List<Member> people = membersOf(conversation, members, sections);
        Member reporter = people.get(0);
        var reporterChat = as(ChatServiceGrpc.newBlockingStub(chat), reporter.auth());
        Message reported = deadline(reporterChat).listMessages(ListMessagesRequest.newBuilder()
                        .setConversationId(conversation.getConversationId()).setPageSize(50).build())
                .getMessagesList().stream()
                .filter(message -> !message.getAuthorUserId().equals(reporter.userId()))
                .findFirst().orElseThrow();
        var reporterModeration = as(ModerationServiceGrpc.newBlockingStub(moderation), reporter.auth());
        untilReady(() -> deadline(reporterModeration).reportMessage(ReportMessageRequest.newBuilder()
                .setMessageId(reported.getMessageId())
                .setReason("Posts the answers to this week's graded exercise; please take them down.")
                .build()), Set.of("MESSAGE_NOT_FOUND"));
    }

    /**
     * Makes each service load identity's signing keys before the parallel work starts. A service fetches them on
     * the first token it sees; when identity is busy (hashing the students' passwords) that fetch can time out, and
     * the service then answers TOKEN_KEY_UNKNOWN until its next attempt a few seconds later. Any other answer means
     * the token was accepted.
     */
    void warmUp(ClientInterceptor admin) {
        List<Runnable> calls = List.of(
                () -> deadline(as(CourseServiceGrpc.newBlockingStub(course), admin)).listTerms(
                        ListTermsRequest.getDefaultInstance()),
                () -> deadline(as(ProfileServiceGrpc.newBlockingStub(profile), admin)).getMyProfile(
                        dev.cohort.profile.v1.GetMyProfileRequest.getDefaultInstance()),
                () -> deadline(as(GroupServiceGrpc.newBlockingStub(group), admin)).listMyGroups(
                        dev.cohort.group.v1.ListMyGroupsRequest.getDefaultInstance()),
                () -> deadline(as(ChatServiceGrpc.newBlockingStub(chat), admin)).listConversations(
                        ListConversationsRequest.getDefaultInstance()));
        for (Runnable call : calls) {
            untilReady(() -> {
                try {
                    call.run();
                } catch (StatusRuntimeException answered) {
                    if (reason(answered).equals(TOKEN_KEY_UNKNOWN)) {
                        throw answered;
                    }
                }
                return null;
            }, Set.of(TOKEN_KEY_UNKNOWN));
        }
    }

    /** What a service answers (UNAUTHENTICATED) while it has not loaded identity's signing keys. */
    static final String TOKEN_KEY_UNKNOWN = "TOKEN_KEY_UNKNOWN";

    // --- people -------------------------------------------------------------------------------------------------

    private void profileAndAvatar(Member member) throws IOException, InterruptedException {
        var profiles = as(ProfileServiceGrpc.newBlockingStub(profile), member.auth());
        Student student = member.student();
        // The profile is made from identity's UserRegistered: wait until profile has consumed it.
        untilReady(() -> deadline(profiles).updateMyProfile(UpdateMyProfileRequest.newBuilder()
                .setProfile(Profile.newBuilder().setDisplayName(student.displayName()).setPronouns(student.pronouns())
                        .setProgram(student.program()).setYearOfStudy(student.year()).setBio(student.bio()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name").addPaths("pronouns").addPaths("program")
                        .addPaths("year_of_study").addPaths("bio"))
                .build()), Set.of("PROFILE_NOT_FOUND"));
        byte[] image = DemoAvatar.png(student.key());
        CreateAvatarUploadResponse upload = deadline(profiles).createAvatarUpload(CreateAvatarUploadRequest.newBuilder()
                .setContentType("image/png").setContentLength(image.length).build());
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.getUploadUrl()))
                .timeout(Duration.ofSeconds(20)).PUT(HttpRequest.BodyPublishers.ofByteArray(image));
        // The signature binds these; Host and Content-Length are the HTTP client's own to write.
        upload.getRequiredHeadersMap().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                put.header(name, value);
            }
        });
        HttpResponse<String> answer = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("the avatar upload of " + student.key() + " answered " + answer.statusCode());
        }
        deadline(profiles).confirmAvatarUpload(ConfirmAvatarUploadRequest.newBuilder()
                .setUploadId(upload.getUploadId()).build());
    }

    // --- classes ------------------------------------------------------------------------------------------------

    /** The first sections of a few courses of the first open term, from different departments where it can. */
    private List<Section> pickSections(Member anyone) {
        var courses = as(CourseServiceGrpc.newBlockingStub(course), anyone.auth());
        // The current term: of those open for enrolment, the one that starts first.
        String termId = deadline(courses).listTerms(ListTermsRequest.getDefaultInstance()).getTermsList().stream()
                .filter(term -> term.getState() == TermState.TERM_STATE_OPEN)
                .min(java.util.Comparator.comparing((dev.cohort.course.v1.Term term) -> term.getStartDate().getYear())
                        .thenComparing(term -> term.getStartDate().getMonth())
                        .thenComparing(term -> term.getStartDate().getDay()))
                .orElseThrow(() -> new IllegalStateException("the demo catalog has no open term")).getTermId();
        List<Section> sections = new ArrayList<>();
        for (String department : List.of("CPSC", "MATH", "PSYC", "STAT", "BIOL", "ECON", "PHYS")) {
            if (sections.size() == SECTIONS) {
                break;
            }
            List<Course> found = deadline(courses).searchCourses(SearchCoursesRequest.newBuilder().setTermId(termId)
                    .setDepartment(department).setHasOpenSeats(true).setPageSize(2).build()).getCoursesList();
            // Two of the first department (the community's centre), one of each other.
            for (Course candidate : found.subList(0, Math.min(found.size(), sections.isEmpty() ? 2 : 1))) {
                deadline(courses).listSections(ListSectionsRequest.newBuilder().setCourseId(candidate.getCourseId())
                                .setTermId(termId).setPageSize(5).build()).getSectionsList().stream()
                        .filter(section -> section.getMaxGroupSize() >= 4).findFirst()
                        .ifPresent(section -> {
                            if (sections.size() < SECTIONS) {
                                sections.add(section);
                            }
                        });
            }
        }
        if (sections.size() < SECTIONS) {
            throw new IllegalStateException("the demo catalog's open term has only " + sections.size()
                    + " sections that allow study groups");
        }
        return sections;
    }

    /** Enrols {@code member} in their demo sections and completes the first lessons of each course. */
    private void enrolAndLearn(Member member, int index, List<Section> sections) {
        var courses = as(CourseServiceGrpc.newBlockingStub(course), member.auth());
        for (int s = 0; s < sections.size(); s++) {
            if (!DemoPeople.ENROLMENTS.get(s).contains(index)) {
                continue;
            }
            Section section = sections.get(s);
            deadline(courses).enroll(EnrollRequest.newBuilder().setSectionId(section.getSectionId()).build());
            List<Module> modules = deadline(courses).getCourse(GetCourseRequest.newBuilder()
                    .setCourseId(section.getCourseId()).build()).getModulesList();
            // Progress differs per person and course: from none to a few lessons.
            int done = (index + s) % 4;
            modules.stream().flatMap(module -> module.getLessonsList().stream()).limit(done).forEach(lesson ->
                    deadline(courses).completeLesson(CompleteLessonRequest.newBuilder()
                            .setLessonId(lesson.getLessonId()).build()));
        }
    }

    /** Creates the study groups with their approved and pending requests; answers each group's conversation id. */
    private Map<String, String> formGroups(List<Member> members, List<Section> sections) {
        Map<String, String> conversations = new ConcurrentHashMap<>();
        all(DemoPeople.GROUPS.stream().map(studyGroup -> run(() -> {
            Member owner = members.get(studyGroup.owner());
            var asOwner = as(GroupServiceGrpc.newBlockingStub(group), owner.auth());
            String groupId = deadline(asOwner).createGroup(CreateGroupRequest.newBuilder()
                    .setSectionId(sections.get(studyGroup.section()).getSectionId()).setName(studyGroup.name())
                    .setDescription(studyGroup.description()).setVisibility(GroupVisibility.GROUP_VISIBILITY_APPROVAL)
                    .build()).getGroup().getGroupId();
            for (int index : studyGroup.approved()) {
                var asMember = as(GroupServiceGrpc.newBlockingStub(group), members.get(index).auth());
                String requestId = deadline(asMember).requestToJoin(RequestToJoinRequest.newBuilder().setGroupId(groupId)
                        .setMessage("Hi! Could I join?").build()).getRequest().getRequestId();
                deadline(asOwner).approveRequest(ApproveRequestRequest.newBuilder().setRequestId(requestId).build());
            }
            for (int index : studyGroup.pending()) {
                var asMember = as(GroupServiceGrpc.newBlockingStub(group), members.get(index).auth());
                deadline(asMember).requestToJoin(RequestToJoinRequest.newBuilder().setGroupId(groupId)
                        .setMessage("I'm in this section too and would love to study together.").build());
            }
            // Chat opens the group's conversation from group's events: wait for it to appear with every member.
            var ownerChat = as(ChatServiceGrpc.newBlockingStub(chat), owner.auth());
            Conversation conversation = poll(() -> deadline(ownerChat).listConversations(ListConversationsRequest
                    .newBuilder().setPageSize(100).build()).getConversationsList().stream()
                    .filter(c -> c.getGroupId().equals(groupId)
                            && c.getMemberCount() == 1 + studyGroup.approved().size())
                    .findFirst().orElse(null), "the conversation of group " + studyGroup.name());
            conversations.put(studyGroup.name(), conversation.getConversationId());
        })).toList()).join();
        return conversations;
    }

    // --- conversations ------------------------------------------------------------------------------------------

    /** A public channel per demo section, made by the admin (only staff attach channels to sections). */
    private List<Conversation> sectionChannels(List<Member> members, List<Section> sections, ClientInterceptor admin) {
        var asAdmin = as(ChatServiceGrpc.newBlockingStub(chat), admin);
        List<Conversation> channels = new ArrayList<>();
        for (Section section : sections) {
            channels.add(deadline(asAdmin).createChannel(CreateChannelRequest.newBuilder()
                    .setName(section.getCourseCode() + " " + section.getSectionCode())
                    .setTopic("Section " + section.getSectionCode() + " of " + section.getCourseCode() + ", "
                            + section.getTermCode() + ": questions, notes and announcements")
                    .setSectionId(section.getSectionId()).build()).getConversation());
        }
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int s = 0; s < sections.size(); s++) {
            for (int index : DemoPeople.ENROLMENTS.get(s)) {
                String id = channels.get(s).getConversationId();
                Member member = members.get(index);
                joins.add(run(() -> join(member, id)));
            }
        }
        all(joins).join();
        return channels;
    }

    private List<Conversation> publicChannels(List<Member> members) {
        List<Conversation> channels = new ArrayList<>();
        for (DemoPeople.PublicChannel spec : DemoPeople.PUBLIC_CHANNELS) {
            Member creator = members.get(spec.members().get(0));
            var creatorChat = as(ChatServiceGrpc.newBlockingStub(chat), creator.auth());
            Conversation created = untilReady(() -> deadline(creatorChat).createChannel(CreateChannelRequest.newBuilder()
                    .setName(spec.name()).setTopic(spec.topic()).build()), Set.of("UNKNOWN_USER")).getConversation();
            channels.add(created);
        }
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            List<Integer> people = DemoPeople.PUBLIC_CHANNELS.get(c).members();
            String id = channels.get(c).getConversationId();
            for (int index : people.subList(1, people.size())) {
                Member member = members.get(index);
                joins.add(run(() -> join(member, id)));
            }
        }
        all(joins).join();
        return channels;
    }

    private void join(Member member, String conversationId) {
        var memberChat = as(ChatServiceGrpc.newBlockingStub(chat), member.auth());
        untilReady(() -> deadline(memberChat).joinChannel(JoinChannelRequest.newBuilder()
                .setConversationId(conversationId).build()), Set.of("UNKNOWN_USER"));
    }

    /** Direct conversations between people who already share a channel (their privacy default allows it then). */
    private List<Conversation> directs(List<Member> members) {
        List<Conversation> directs = new ArrayList<>();
        for (List<Integer> pair : DemoPeople.DIRECTS) {
            var opener = as(ChatServiceGrpc.newBlockingStub(chat), members.get(pair.get(0)).auth());
            directs.add(deadline(opener).openDirect(OpenDirectRequest.newBuilder()
                    .addParticipantUserIds(members.get(pair.get(1)).userId()).build()).getConversation());
        }
        return directs;
    }

    private static List<Member> membersOf(Conversation conversation, List<Member> members, List<Section> sections) {
        List<Integer> indexes = null;
        for (int s = 0; s < sections.size(); s++) {
            if (sections.get(s).getSectionId().equals(conversation.getSectionId())) {
                indexes = DemoPeople.ENROLMENTS.get(s);
            }
        }
        for (DemoPeople.PublicChannel spec : DemoPeople.PUBLIC_CHANNELS) {
            if (conversation.getSectionId().isEmpty() && spec.name().equals(conversation.getName())) {
                indexes = spec.members();
            }
        }
        if (indexes == null) {
            // A direct: its members are all listed (a direct has at most 8).
            Set<String> ids = Set.copyOf(conversation.getMembersList().stream().map(m -> m.getUserId()).toList());
            return members.stream().filter(m -> ids.contains(m.userId())).toList();
        }
        return indexes.stream().map(members::get).toList();
    }

    /**
     * The conversation's history: messages from its members in turn (some mentioning another member), threads of
     * replies under some, spread over the last two to four weeks and imported as the admin with those times in one
     * ImportMessages call (ADR 59); then reactions on some, and each member's read marker, left short of the end
     * for some so that unread counts show.
     */
    private void talk(String conversationId, List<Member> people, ClientInterceptor admin) {
        int seed = Math.abs(conversationId.hashCode());
        int count = people.size() <= 2 ? 10 : 12 + 4 * Math.min(people.size(), 6);
        ImportMessagesRequest.Builder history = ImportMessagesRequest.newBuilder().setConversationId(conversationId);
        List<Integer> reactedIndexes = new ArrayList<>();
        List<Member> reactedAuthors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Member author = people.get((seed + i * 7 / 3) % people.size());
            String line = DemoPeople.LINES.get((seed + i) % DemoPeople.LINES.size());
            ImportedMessage.Builder message = ImportedMessage.newBuilder().setAuthorUserId(author.userId())
                    .setClientMessageId("demo-" + i);
            if (i % 5 == 2 && people.size() > 1) {
                Member named = people.get((people.indexOf(author) + 1) % people.size());
                String prefix = "@" + named.student().firstName();
                message.setText(prefix + " " + line).addMentions(Mention.newBuilder().setUserId(named.userId())
                        .setStart(0).setLength(prefix.codePointCount(0, prefix.length())));
            } else {
                message.setText(line);
            }
            int root = history.getMessagesCount();
            history.addMessages(message);
            if (i % 3 == 1 && people.size() > 1) {
                reactedIndexes.add(root);
                reactedAuthors.add(author);
            }
            if (i % 6 == 3 && people.size() > 1) {
                for (int r = 1; r <= 2; r++) {
                    Member replier = people.get((people.indexOf(author) + r) % people.size());
                    history.addMessages(ImportedMessage.newBuilder().setAuthorUserId(replier.userId())
                            .setClientMessageId("demo-" + i + "-reply-" + r).setReplyToIndex(root)
                            .setText(DemoPeople.REPLIES.get((seed + i + r) % DemoPeople.REPLIES.size())));
                }
            }
        }
        DemoTimes.spread(history, seed, Instant.now());
        List<Message> stored = deadline(as(ChatServiceGrpc.newBlockingStub(chat), admin)).importMessages(history.build())
                .getMessagesList();
        long last = stored.get(stored.size() - 1).getSequence();
        for (int k = 0; k < reactedIndexes.size(); k++) {
            Message message = stored.get(reactedIndexes.get(k));
            Member author = reactedAuthors.get(k);
            int reactions = 1 + (seed + k) % Math.min(3, people.size() - 1);
            for (int r = 1; r <= reactions; r++) {
                Member reactor = people.get((people.indexOf(author) + r) % people.size());
                deadline(as(ChatServiceGrpc.newBlockingStub(chat), reactor.auth())).addReaction(AddReactionRequest
                        .newBuilder().setMessageId(message.getMessageId())
                        .setEmoji(DemoPeople.EMOJI.get((seed + k + r) % DemoPeople.EMOJI.size())).build());
            }
        }
        for (int p = 0; p < people.size(); p++) {
            // Most people are nearly caught up; a few messages stay unread for some.
            long behind = (seed + p) % 3 == 0 ? 0 : (seed + p) % 5;
            long read = Math.max(0, last - behind);
            if (read > 0) {
                deadline(as(ChatServiceGrpc.newBlockingStub(chat), people.get(p).auth())).markRead(MarkReadRequest
                        .newBuilder().setConversationId(conversationId).setSequence(read).build());
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Calls as the holder of {@code token}. */
    static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static <S extends AbstractStub<S>> S as(S stub, ClientInterceptor auth) {
        return stub.withInterceptors(auth);
    }

    private static <S extends AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Repeats {@code call} while it fails with one of {@code reasons} (google.rpc.ErrorInfo): another service's
     * event it depends on has not arrived yet. Anything else, or waiting past the deadline, fails.
     */
    static <T> T untilReady(Supplier<T> call, Set<String> reasons) {
        long giveUp = System.nanoTime() + EVENTS_DEADLINE.toNanos();
        for (;;) {
            try {
                return call.get();
            } catch (StatusRuntimeException error) {
                if (!reasons.contains(reason(error)) || System.nanoTime() > giveUp) {
                    throw error;
                }
                pause();
            }
        }
    }

    private static <T> T poll(Supplier<T> check, String what) {
        long giveUp = System.nanoTime() + EVENTS_DEADLINE.toNanos();
        for (;;) {
            T found = check.get();
            if (found != null) {
                return found;
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(what + " did not appear within " + EVENTS_DEADLINE.toSeconds() + " s");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for events", interrupted);
        }
    }

    static String reason(StatusRuntimeException error) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        if (status == null) {
            return "";
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (InvalidProtocolBufferException unreadable) {
                    return "";
                }
            }
        }
        return "";
    }

    /** Work that may throw, as a future on the pool. */
    interface Work {
        void run() throws Exception;
    }

    private CompletableFuture<Void> run(Work work) {
        return CompletableFuture.runAsync(() -> {
            try {
                work.run();
            } catch (RuntimeException failure) {
                throw failure;
            } catch (Exception failure) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }, pool);
    }

    <T> CompletableFuture<T> submit(Callable<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException failure) {
                throw failure;
            } catch (Exception failure) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }, pool);
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        profile.shutdownNow();
        course.shutdownNow();
        group.shutdownNow();
        chat.shutdownNow();
        moderation.shutdownNow();
    }
}
