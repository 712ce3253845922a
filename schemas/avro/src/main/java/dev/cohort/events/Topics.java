package dev.cohort.events;

/**
 * The Kafka topics of the platform, one constant per topic, kept next to the schemas of the events they carry so
 * that a producer and its consumers name a topic the same way (neither side writes the string itself).
 *
 * <p>Each topic belongs to one domain and is keyed by the aggregate id, so events of one aggregate stay in order.
 */
public final class Topics {

    /** Identity's account lifecycle: UserRegistered, UserSuspended, UserReinstated, UserRoleChanged; key: user id. */
    public static final String IDENTITY_USERS = "cohort.identity.users";
    /** Course catalog changes: CourseUpserted, SectionUpserted; key: course or section id. */
    public static final String COURSE_CATALOG = "cohort.course.catalog";
    /** Enrollments taken and dropped: EnrollmentChanged; key: section id. */
    public static final String COURSE_ENROLLMENTS = "cohort.course.enrollments";
    /** Learning progress: LessonCompleted; key: user id. */
    public static final String COURSE_PROGRESS = "cohort.course.progress";
    /**
     * Study groups: GroupCreated, GroupMembershipChanged, GroupOwnershipTransferred, GroupDisbanded, JoinRequested,
     * JoinRequestRejected; key: group id.
     */
    public static final String GROUP_GROUPS = "cohort.group.groups";
    /** Chat: messages, their edits, deletions and reactions, and conversation members; key: conversation id. */
    public static final String CHAT_MESSAGES = "cohort.chat.messages";
    /** People's profiles: ProfileUpdated, PrivacyChanged; key: the person's user id. */
    public static final String PROFILE_PROFILES = "cohort.profile.profiles";
    /**
     * Follows and blocks between people: UserFollowed, UserUnfollowed (key: the follower's user id), UserBlocked,
     * UserUnblocked (key: the blocker's user id).
     */
    public static final String PROFILE_RELATIONSHIPS = "cohort.profile.relationships";
    /**
     * Moderation: ModerationActionTaken (key: the target user id), ReportResolved (key: the report id).
     */
    public static final String MODERATION_ACTIONS = "cohort.moderation.actions";

    private Topics() {
    }
}
