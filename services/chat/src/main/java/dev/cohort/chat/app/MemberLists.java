package dev.cohort.chat.app;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The member lists the message writer has read, by conversation, each valid for the {@code members_version} it
 * was read at. Every insert into or delete from a conversation's members moves that version (triggers, in the
 * same transaction), and the writer reads it from the row it has locked; so a list whose version matches is
 * exactly what PostgreSQL holds, and the writer reads members only after they changed. In a busy channel of 150
 * members that saves reading and decoding 150 ids per conversation per batch.
 *
 * <p>Bounded by the number of member ids held ({@code maxIds}); the least recently used lists go first. Writer
 * lanes share it (a conversation always goes to the same lane), hence the lock.
 */
final class MemberLists {

    /** One conversation's member ids, as read at {@code version}. */
    record MemberList(long version, Set<UUID> ids) {
    }

    private final int maxIds;
    // Guarded by this; access order, so iteration starts at the least recently used.
    private final LinkedHashMap<UUID, MemberList> lists = new LinkedHashMap<>(64, 0.75f, true);
    private long heldIds;

    MemberLists(int maxIds) {
        this.maxIds = maxIds;
    }

    /** The list read at {@code version}, or null if the one held is older (or there is none). */
    synchronized MemberList current(UUID conversationId, long version) {
        MemberList list = lists.get(conversationId);
        return list != null && list.version() == version ? list : null;
    }

    /** Keeps {@code ids}, read at {@code version}, in place of whatever was held for the conversation. */
    synchronized MemberList remember(UUID conversationId, long version, Collection<UUID> ids) {
        MemberList list = new MemberList(version, Set.copyOf(ids));
        MemberList replaced = lists.put(conversationId, list);
        heldIds += list.ids().size() - (replaced == null ? 0 : replaced.ids().size());
        Iterator<Map.Entry<UUID, MemberList>> eldest = lists.entrySet().iterator();
        while (heldIds > maxIds && eldest.hasNext()) {
            Map.Entry<UUID, MemberList> entry = eldest.next();
            if (entry.getKey().equals(conversationId)) {
                continue;
            }
            heldIds -= entry.getValue().ids().size();
            eldest.remove();
        }
        return list;
    }

    synchronized int size() {
        return lists.size();
    }

    synchronized long heldIds() {
        return heldIds;
    }
}
