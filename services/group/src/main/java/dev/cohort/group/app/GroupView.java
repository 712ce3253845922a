package dev.cohort.group.app;

import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.MemberEntity;
import java.util.List;

/** A group and its current members, longest-standing first. */
public record GroupView(GroupEntity group, List<MemberEntity> members) {

    public GroupView {
        members = List.copyOf(members);
    }
}
