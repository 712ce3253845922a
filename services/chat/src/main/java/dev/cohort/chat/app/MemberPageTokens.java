package dev.cohort.chat.app;

import java.util.UUID;

/**
 * Encodes where a page of a conversation's members continues (after a place in the join order) and reads it back.
 * One small seam, so that the codec behind member pages is one class to swap (ADR 0024).
 */
public interface MemberPageTokens {

    /** The token of the page after {@code afterJoinOrder}, for {@code callerId} listing {@code conversationId}. */
    String encode(UUID callerId, UUID conversationId, long afterJoinOrder);

    /**
     * The join order a token continues after: 0 for the empty token (first page). A token this codec did not
     * issue for that caller and conversation is INVALID_ARGUMENT (INVALID_PAGE_TOKEN).
     */
    long decode(UUID callerId, UUID conversationId, String token);
}
