package dev.cohort.group.app;

import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.group.domain.GroupRules;
import dev.cohort.group.domain.RequestState;
import dev.cohort.group.domain.Visibility;
import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.JoinRequestEntity;
import dev.cohort.group.store.JoinRequestRepository;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asking to join and deciding requests. Every decision locks the request's group first, so a request is decided
 * once (approve and cancel racing: one wins, the other gets REQUEST_NOT_PENDING) and approvals never overfill
 * the group (ADR 0013).
 */
public class JoinRequests {

    private final JoinRequestRepository requests;
    private final GroupChanges changes;
    private final CourseDirectory course;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;
    private final Clock clock;

    private final Paging paging;

    public JoinRequests(JoinRequestRepository requests, GroupChanges changes, CourseDirectory course,
                        TransactionTemplate transactions, Clock clock, PageTokenCodec pageTokens) {
        this.paging = new Paging(pageTokens);
        this.requests = requests;
        this.changes = changes;
        this.course = course;
        this.transactions = transactions;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.clock = clock;
    }

    /**
     * The caller asks to join. Cheap checks run first, so a doomed request never costs a call to course; the
     * enrollment check follows outside any transaction; then everything is checked again under the group's lock.
     * In an OPEN group the request is approved at once and the caller joins.
     */
    public JoinOutcome requestToJoin(UUID callerId, UUID groupId, String message) {
        UUID sectionId = readOnly.execute(status -> {
            GroupEntity group = changes.find(groupId);
            requireJoinable(group, callerId);
            return group.sectionId();
        });
        course.requireCallerEnrolled(sectionId);
        return transactions.execute(status -> {
            GroupEntity group = changes.lock(groupId);
            requireJoinable(group, callerId);
            JoinRequestEntity request = new JoinRequestEntity(UUID.randomUUID(), groupId, callerId, message.strip(),
                    clock.instant());
            if (group.visibility() == Visibility.OPEN) {
                request.decide(RequestState.APPROVED, callerId, clock.instant());
                changes.admit(group, callerId, callerId);
            }
            requests.save(request);
            if (group.visibility() != Visibility.OPEN) {
                changes.requested(group, request);
            }
            return new JoinOutcome(JoinRequestView.of(request), changes.view(group));
        });
    }

    /** The owner approves: the requester becomes a member if a seat is left (else GROUP_FULL, still pending). */
    @Transactional
    public JoinOutcome approve(UUID callerId, UUID requestId) {
        GroupEntity group = lockGroupOf(requestId);
        JoinRequestEntity request = loadVisible(callerId, group, requestId);
        GroupRules.requireOwner(group.ownerId(), callerId);
        request.decide(RequestState.APPROVED, callerId, clock.instant());
        changes.admit(group, request.userId(), callerId);
        return new JoinOutcome(JoinRequestView.of(request), changes.view(group));
    }

    /** The owner says no. */
    @Transactional
    public JoinRequestView reject(UUID callerId, UUID requestId) {
        GroupEntity group = lockGroupOf(requestId);
        JoinRequestEntity request = loadVisible(callerId, group, requestId);
        GroupRules.requireOwner(group.ownerId(), callerId);
        request.decide(RequestState.REJECTED, callerId, clock.instant());
        changes.rejected(group, request, callerId);
        return JoinRequestView.of(request);
    }

    /** The requester withdraws. */
    @Transactional
    public JoinRequestView cancel(UUID callerId, UUID requestId) {
        GroupEntity group = lockGroupOf(requestId);
        JoinRequestEntity request = loadVisible(callerId, group, requestId);
        if (!request.userId().equals(callerId)) {
            throw new PermissionDeniedException("NOT_REQUESTER", "only the requester may cancel a join request");
        }
        request.decide(RequestState.CANCELLED, callerId, clock.instant());
        return JoinRequestView.of(request);
    }

    /** A page of the group's pending requests, oldest first. The owner only. */
    @Transactional(readOnly = true)
    public Page<JoinRequestView> pending(UUID callerId, UUID groupId, String pageToken, int requestedSize) {
        PageQuery query = PageQuery.of("group.pending_requests", callerId).with("group_id", groupId);
        TimeAndId from = paging.from(query, pageToken);
        int size = Paging.SIZE.resolve(requestedSize);
        GroupEntity group = changes.find(groupId);
        GroupRules.requireOwner(group.ownerId(), callerId);
        Page<JoinRequestEntity> page = Page.of(requests.pendingPage(groupId, from.at(), from.id(),
                Limit.of(size + 1)), size, request -> paging.after(query, request.createdAt(), request.id()));
        return new Page<>(page.items().stream().map(JoinRequestView::of).toList(), page.nextPageToken());
    }

    private void requireJoinable(GroupEntity group, UUID callerId) {
        GroupRules.requireActive(group.state());
        GroupRules.requireNotMember(changes.isMember(group, callerId));
        if (requests.existsPending(group.id(), callerId)) {
            throw new AlreadyExistsException("REQUEST_ALREADY_PENDING",
                    "the caller already has a pending request for this group");
        }
        GroupRules.requireSeatLeft(group.memberCount(), group.maxMembers());
    }

    /** Locks the group of the request before reading the request itself, so the request read is current. */
    private GroupEntity lockGroupOf(UUID requestId) {
        UUID groupId = requests.findGroupIdOf(requestId).orElseThrow(() -> notFound(requestId));
        return changes.lock(groupId);
    }

    /**
     * The request, if {@code callerId} may see it: its requester and its group's owner may. To anyone else it
     * answers exactly as a request that does not exist (ADR 0024), so request ids cannot be probed.
     */
    private JoinRequestEntity loadVisible(UUID callerId, GroupEntity group, UUID requestId) {
        JoinRequestEntity request = requests.findById(requestId).orElseThrow(() -> notFound(requestId));
        if (!request.userId().equals(callerId) && !group.ownerId().equals(callerId)) {
            throw notFound(requestId);
        }
        return request;
    }

    private static NotFoundException notFound(UUID requestId) {
        return new NotFoundException("JOIN_REQUEST_NOT_FOUND", "no such join request",
                Map.of("requestId", requestId.toString()));
    }
}
