package dev.cohort.chat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemberListsTest {

    private final UUID conversation = UUID.randomUUID();

    @Test
    void aListIsCurrentOnlyAtTheVersionItWasReadAt() {
        MemberLists lists = new MemberLists(100);
        UUID owner = UUID.randomUUID();
        lists.remember(conversation, 3, List.of(owner));

        assertThat(lists.current(conversation, 3).ids()).containsExactly(owner);
        assertThat(lists.current(conversation, 4)).isNull();
        assertThat(lists.current(UUID.randomUUID(), 3)).isNull();
    }

    @Test
    void aListHoldsTheIdsItWasGiven() {
        MemberLists lists = new MemberLists(100);
        List<UUID> ids = ids(3);

        MemberLists.MemberList list = lists.remember(conversation, 1, ids);

        assertThat(list.ids()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aNewerReadReplacesTheOlderList() {
        MemberLists lists = new MemberLists(100);
        lists.remember(conversation, 1, ids(5));
        List<UUID> after = ids(2);

        lists.remember(conversation, 2, after);

        assertThat(lists.current(conversation, 1)).isNull();
        assertThat(lists.current(conversation, 2).ids()).containsExactlyInAnyOrderElementsOf(after);
        assertThat(lists.heldIds()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedListsGoOnceTooManyIdsAreHeld() {
        MemberLists lists = new MemberLists(10);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        lists.remember(first, 1, ids(4));
        lists.remember(second, 1, ids(4));
        lists.current(first, 1);

        lists.remember(third, 1, ids(4));

        assertThat(lists.current(second, 1)).isNull();
        assertThat(lists.current(first, 1)).isNotNull();
        assertThat(lists.current(third, 1)).isNotNull();
        assertThat(lists.heldIds()).isEqualTo(8);
    }

    @Test
    void aListLargerThanTheBoundIsStillKeptAloneForItsBatch() {
        MemberLists lists = new MemberLists(10);
        lists.remember(UUID.randomUUID(), 1, ids(3));

        MemberLists.MemberList big = lists.remember(conversation, 1, ids(25));

        assertThat(big.ids()).hasSize(25);
        assertThat(lists.size()).isEqualTo(1);
        assertThat(lists.current(conversation, 1)).isSameAs(big);
    }

    private static List<UUID> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> UUID.randomUUID()).toList();
    }
}
