package dev.cohort.chat.domain;

/** Who may reach a person one way (a direct conversation, an add to a channel), as their privacy settings say. */
public enum ContactPermission {
    EVERYONE, CLASSMATES, PEOPLE_I_FOLLOW, NOBODY;

    /** What a person has who never changed their settings. */
    public static final ContactPermission DEFAULT = CLASSMATES;

    /** The permission named {@code name} (a stored or published enum symbol); unknown names are the default. */
    public static ContactPermission parse(String name) {
        if (name == null) {
            return DEFAULT;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException unknown) {
            // A symbol added by a later schema: the conservative default, not a failure of the consumer.
            return DEFAULT;
        }
    }
}
