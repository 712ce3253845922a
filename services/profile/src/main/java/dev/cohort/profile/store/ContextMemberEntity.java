package dev.cohort.profile.store;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One person in one context (a section, a group, a conversation): profile's projection of who are classmates. */
@Entity
@Table(name = "context_members")
public class ContextMemberEntity {

    @EmbeddedId
    private ContextMemberId id;

    protected ContextMemberEntity() {
    }

    public ContextMemberId id() {
        return id;
    }
}
