package dev.cohort.chat;

import dev.cohort.chat.app.Contacts;
import dev.cohort.chat.app.KnownUsers;
import java.time.Instant;
import java.util.UUID;

/**
 * Users for the tests that are not about who may reach whom: registered (as identity's events would make them) and
 * open to direct messages and channel invites from everyone, as if each had set so in profile at the epoch (any
 * later PrivacyChanged replaces it). The contact rules themselves are specified by {@code ChatContactsTest}.
 */
public class TestUsers {

    private final KnownUsers users;
    private final Contacts contacts;

    public TestUsers(KnownUsers users, Contacts contacts) {
        this.users = users;
        this.contacts = contacts;
    }

    public void registered(UUID userId, Instant at) {
        users.registered(userId, at);
        contacts.privacyChanged(userId, "EVERYONE", "EVERYONE", Instant.EPOCH);
    }
}
