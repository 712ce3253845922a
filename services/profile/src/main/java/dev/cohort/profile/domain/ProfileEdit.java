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
 * A change of a profile, as an update mask and the new values asked for: only the fields the mask names change.
 * Built by {@link #of}, which refuses what the contract alone cannot express (INVALID_ARGUMENT, reason
 * {@value #INVALID_UPDATE_MASK}, one violation per problem): an empty mask, a path that is no changeable field, a
 * display name cleared.
 */
public final class ProfileEdit {

    public static final String INVALID_UPDATE_MASK = "INVALID_UPDATE_MASK";
    static final String PATHS = Arrays.stream(ProfileField.values()).map(ProfileField::path)
            .collect(Collectors.joining(", "));

    private final Set<ProfileField> fields;
    private final ProfileFields values;

    private ProfileEdit(Set<ProfileField> fields, ProfileFields values) {
        this.fields = fields;
        this.values = values;
    }

    /**
     * The edit that sets the fields at {@code paths} (update mask paths) to their {@code values}.
     *
     * @param maskField  the request's name of the mask, for violations ({@code update_mask})
     * @param valueField the request's name of the values, for violations ({@code profile})
     */
    public static ProfileEdit of(List<String> paths, ProfileFields values, String maskField, String valueField) {
        List<FieldViolation> violations = new ArrayList<>();
        Set<ProfileField> fields = EnumSet.noneOf(ProfileField.class);
        if (paths.isEmpty()) {
            violations.add(new FieldViolation(maskField, "name at least one field to change: " + PATHS));
        }
        for (String path : paths) {
            ProfileField.ofPath(path).ifPresentOrElse(fields::add, () -> violations.add(new FieldViolation(maskField,
                    "'" + path + "' is not a field that can be changed; the fields are " + PATHS)));
        }
        ProfileFields normalized = values.normalized();
        if (fields.contains(ProfileField.DISPLAY_NAME) && normalized.displayName().isEmpty()) {
            violations.add(new FieldViolation(valueField + ".display_name",
                    "must not be empty: every profile has a name (1 to 80 characters, not only spaces)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(INVALID_UPDATE_MASK, violations);
        }
        return new ProfileEdit(fields, normalized);
    }

    /** {@code current} with the edited fields replaced. */
    public ProfileFields applyTo(ProfileFields current) {
        ProfileFields result = current;
        for (ProfileField field : fields) {
            result = result.with(field, values);
        }
        return result;
    }

    /** The edited fields whose value would differ from {@code current}'s, in the contract's order. */
    public List<ProfileField> changesFrom(ProfileFields current) {
        ProfileFields after = applyTo(current);
        return fields.stream().filter(field -> !current.get(field).equals(after.get(field))).toList();
    }
}
