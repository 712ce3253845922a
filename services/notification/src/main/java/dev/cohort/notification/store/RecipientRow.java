package dev.cohort.notification.store;

import java.util.UUID;

/** A person as notifications see them: their address and name (null until registered) and e-mail schedule. */
public record RecipientRow(UUID userId, String email, String displayName, String timeZone, int quietStartMinute,
                           int quietEndMinute) {
}
