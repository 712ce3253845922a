package dev.cohort.notification.app;

import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.notification.store.NotificationRow;
import dev.cohort.notification.store.NotificationStore;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/** A person's notifications: listed newest first, counted, marked read, replayed to a resuming stream. */
public class Inbox {

    static final PageSize SIZE = new PageSize(20, 100);
    static final String NOT_FOUND = "NOTIFICATION_NOT_FOUND";

    private final NotificationStore store;
    private final PageTokenCodec pageTokens;
    private final LiveFeed live;
    private final Clock clock;

    public Inbox(NotificationStore store, PageTokenCodec pageTokens, LiveFeed live, Clock clock) {
        this.store = store;
        this.pageTokens = pageTokens;
        this.live = live;
        this.clock = clock;
    }

    /** A page of the caller's notifications, newest first; keyset on the id, bound to the filter and caller. */
    @Transactional(readOnly = true)
    public Page<NotificationView> list(UUID userId, boolean unreadOnly, int pageSize, String pageToken) {
        int size = SIZE.resolve(pageSize);
        PageQuery query = PageQuery.of("notifications", userId).with("unread_only", unreadOnly);
        long before = pageToken.isEmpty() ? 0 : pageTokens.decode(query, CursorFormat.SEQUENCE, pageToken)
                .orElse(0L);
        List<NotificationRow> rows = store.page(userId, unreadOnly, before, size + 1);
        boolean more = rows.size() > size;
        List<NotificationView> items = rows.stream().limit(size).map(Views::of).toList();
        String next = more ? pageTokens.encode(query, CursorFormat.SEQUENCE, items.get(items.size() - 1).id()) : "";
        return new Page<>(items, next);
    }

    @Transactional(readOnly = true)
    public long unreadCount(UUID userId) {
        return store.unreadCount(userId);
    }

    /**
     * Marks {@code ids} read; returns the unread count left. Any id that is not the caller's is NOT_FOUND
     * (NOTIFICATION_NOT_FOUND), exactly as one that does not exist, and nothing is marked.
     */
    @Transactional
    public long markRead(UUID userId, List<Long> ids) {
        Set<Long> distinct = new LinkedHashSet<>(ids);
        if (store.countOwned(userId, distinct) != distinct.size()) {
            throw new NotFoundException(NOT_FOUND, "No such notification.");
        }
        long left = store.markRead(userId, distinct, 0, clock.instant());
        AfterCommit.run(() -> live.unreadChanged(userId, left));
        return left;
    }

    /** Marks every notification up to {@code upToId} (all when 0) read; returns the unread count left. */
    @Transactional
    public long markAllRead(UUID userId, long upToId) {
        if (!store.recipientExists(userId)) {
            return 0;
        }
        long left = store.markRead(userId, null, upToId, clock.instant());
        AfterCommit.run(() -> live.unreadChanged(userId, left));
        return left;
    }

    /** What a stream resuming after {@code afterId} missed: at most {@code limit}, oldest first, and whether more. */
    @Transactional(readOnly = true)
    public Replay replay(UUID userId, long afterId, int limit) {
        if (afterId <= 0) {
            return new Replay(List.of(), false, store.lastId(userId), store.unreadCount(userId));
        }
        long last = store.lastId(userId);
        List<NotificationView> missed = store.after(userId, afterId, limit).stream().map(Views::of).toList();
        return new Replay(missed, last - afterId > limit, last, store.unreadCount(userId));
    }

    /** What a resuming stream is sent first. */
    public record Replay(List<NotificationView> missed, boolean gap, long lastId, long unreadCount) {
    }
}
