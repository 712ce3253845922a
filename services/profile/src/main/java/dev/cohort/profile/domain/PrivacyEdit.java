package dev.cohort.profile.domain;

import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A change of privacy settings, as an update mask and the choices asked for: only the settings the mask names
 * change, and each named choice must be made (not left unspecified). Refusals are INVALID_ARGUMENT, reason
 * {@value ProfileEdit#INVALID_UPDATE_MASK}.
 */
public final class PrivacyEdit {

    static final String PATHS = Arrays.stream(PrivacyField.values()).map(PrivacyField::path)
            .collect(Collectors.joining(", "));

    /**
     * The choices of a request; a choice left unspecified is null.
     */
    public record Choices(ProfileVisibility profileVisibility, ContactPermission directMessages,
                          ContactPermission channelInvites, boolean showEmail) {
    }

    private final Set<PrivacyField> fields;
    private final Choices choices;

    private PrivacyEdit(Set<PrivacyField> fields, Choices choices) {
        this.fields = fields;
        this.choices = choices;
    }

    /**
     * The edit that sets the settings at {@code paths} to {@code choices}.
     *
     * @param maskField  the request's name of the mask, for violations ({@code update_mask})
     * @param valueField the request's name of the values, for violations ({@code settings})
     */
    public static PrivacyEdit of(List<String> paths, Choices choices, String maskField, String valueField) {
        List<FieldViolation> violations = new ArrayList<>();
        Set<PrivacyField> fields = EnumSet.noneOf(PrivacyField.class);
        if (paths.isEmpty()) {
            violations.add(new FieldViolation(maskField, "name at least one setting to change: " + PATHS));
        }
        for (String path : paths) {
            PrivacyField.ofPath(path).ifPresentOrElse(fields::add, () -> violations.add(new FieldViolation(maskField,
                    "'" + path + "' is not a privacy setting; the settings are " + PATHS)));
        }
        requireChoice(fields, PrivacyField.PROFILE_VISIBILITY, choices.profileVisibility(), valueField, violations);
        requireChoice(fields, PrivacyField.DIRECT_MESSAGES, choices.directMessages(), valueField, violations);
        requireChoice(fields, PrivacyField.CHANNEL_INVITES, choices.channelInvites(), valueField, violations);
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(ProfileEdit.INVALID_UPDATE_MASK, violations);
        }
        return new PrivacyEdit(fields, choices);
    }

    /** {@code current} with the edited settings replaced. */
    public Privacy applyTo(Privacy current) {
        return new Privacy(
                fields.contains(PrivacyField.PROFILE_VISIBILITY) ? choices.profileVisibility() : current.profileVisibility(),
                fields.contains(PrivacyField.DIRECT_MESSAGES) ? choices.directMessages() : current.directMessages(),
                fields.contains(PrivacyField.CHANNEL_INVITES) ? choices.channelInvites() : current.channelInvites(),
                fields.contains(PrivacyField.SHOW_EMAIL) ? choices.showEmail() : current.showEmail());
    }

    private static void requireChoice(Set<PrivacyField> fields, PrivacyField field, Object choice, String valueField,
                                      List<FieldViolation> violations) {
        if (fields.contains(field) && choice == null) {
            violations.add(new FieldViolation(valueField + "." + field.path(),
                    "must be a choice, not unspecified, when the update mask names it"));
        }
    }
}
