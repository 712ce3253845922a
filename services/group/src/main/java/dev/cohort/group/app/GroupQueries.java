package dev.cohort.group.app;

import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.GroupRepository;
import dev.cohort.group.store.MemberEntity;
import dev.cohort.group.store.MemberRepository;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.annotation.Transactional;

/** Reading groups. Lists load the members of a whole page in one query. */
public class GroupQueries {

    private final GroupRepository groups;
    private final MemberRepository members;
    private final GroupChanges changes;
    private final Paging paging;

    public GroupQueries(GroupRepository groups, MemberRepository members, GroupChanges changes,
                        PageTokenCodec pageTokens) {
        this.groups = groups;
        this.members = members;
        this.changes = changes;
        this.paging = new Paging(pageTokens);
    }

    @Transactional(readOnly = true)
    public GroupView get(UUID groupId) {
        return changes.view(changes.find(groupId));
    }

    /** A page of the section's active groups, oldest first. */
    @Transactional(readOnly = true)
    public Page<GroupView> inSection(UUID callerId, UUID sectionId, boolean onlyWithSeatsLeft, String pageToken,
                                     int requestedSize) {
        PageQuery query = PageQuery.of("group.in_section", callerId).with("section_id", sectionId)
                .with("only_with_seats_left", onlyWithSeatsLeft);
        TimeAndId from = paging.from(query, pageToken);
        int size = Paging.SIZE.resolve(requestedSize);
        Page<GroupEntity> page = Page.of(groups.pageInSection(sectionId, onlyWithSeatsLeft, from.at(), from.id(),
                Limit.of(size + 1)), size, group -> paging.after(query, group.createdAt(), group.id()));
        return new Page<>(withMembers(page.items()), page.nextPageToken());
    }

    /** A page of the user's groups, in the order they joined them. */
    @Transactional(readOnly = true)
    public Page<GroupView> ofMember(UUID userId, String pageToken, int requestedSize) {
        PageQuery query = PageQuery.of("group.mine", userId);
        TimeAndId from = paging.from(query, pageToken);
        int size = Paging.SIZE.resolve(requestedSize);
        Page<MemberEntity> page = Page.of(members.pageOfUser(userId, from.at(), from.id(), Limit.of(size + 1)), size,
                membership -> paging.after(query, membership.joinedAt(), membership.groupId()));
        Map<UUID, GroupEntity> byId = groups.findAllById(page.items().stream().map(MemberEntity::groupId).toList())
                .stream().collect(Collectors.toMap(GroupEntity::id, Function.identity()));
        List<GroupEntity> inOrder = page.items().stream().map(membership -> byId.get(membership.groupId())).toList();
        return new Page<>(withMembers(inOrder), page.nextPageToken());
    }

    private List<GroupView> withMembers(List<GroupEntity> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<MemberEntity>> byGroup = members.ofGroups(page.stream().map(GroupEntity::id).toList()).stream()
                .collect(Collectors.groupingBy(MemberEntity::groupId));
        List<GroupView> views = new ArrayList<>(page.size());
        for (GroupEntity group : page) {
            views.add(GroupView.of(group, byGroup.getOrDefault(group.id(), List.of())));
        }
        return views;
    }
}
