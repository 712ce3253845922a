package dev.cohort.chat.domain;

/**
 * May someone reach a person: open a direct conversation with them, or add them to a channel (ADR 0036)? A block
 * in either direction always refuses; otherwise the person's setting decides: EVERYONE yes; CLASSMATES when the
 * two share a conversation in chat (a study group's conversation holds the group's members); PEOPLE_I_FOLLOW when
 * the person follows the one reaching out; NOBODY never.
 */
public final class ContactPolicy {

    private ContactPolicy() {
    }

    /** What is known about the two people, from the one reaching out ("A") to the person reached ("B"). */
    public record Relation(boolean blockedEitherWay, boolean shareAConversation, boolean targetFollowsActor) {
    }

    /** Whether A may reach B, whose setting for this way of contact is {@code setting}. */
    public static boolean allows(ContactPermission setting, Relation relation) {
        if (relation.blockedEitherWay()) {
            return false;
        }
        return switch (setting) {
            case EVERYONE -> true;
            case CLASSMATES -> relation.shareAConversation();
            case PEOPLE_I_FOLLOW -> relation.targetFollowsActor();
            case NOBODY -> false;
        };
    }
}
