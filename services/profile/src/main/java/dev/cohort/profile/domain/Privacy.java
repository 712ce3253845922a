package dev.cohort.profile.domain;

import java.util.Objects;

/**
 * A person's privacy choices.
 *
 * @param profileVisibility who may see the profile
 * @param directMessages    who may start a direct conversation with the person
 * @param channelInvites    who may add the person to a channel
 * @param showEmail         whether people who may see the profile also see the e-mail address
 */
public record Privacy(ProfileVisibility profileVisibility, ContactPermission directMessages,
                      ContactPermission channelInvites, boolean showEmail) {

    /**
     * Where every account starts: protected. Only classmates see the profile and may send a direct message or an
     * invitation; the e-mail address stays hidden.
     */
    public static final Privacy DEFAULTS = new Privacy(ProfileVisibility.CLASSMATES, ContactPermission.CLASSMATES,
            ContactPermission.CLASSMATES, false);

    public Privacy {
        Objects.requireNonNull(profileVisibility, "profileVisibility");
        Objects.requireNonNull(directMessages, "directMessages");
        Objects.requireNonNull(channelInvites, "channelInvites");
    }
}
