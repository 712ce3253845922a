package dev.cohort.search.api;

import com.google.protobuf.Timestamp;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.search.app.SearchResultView;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.MarkedText;
import dev.cohort.search.domain.SearchFilters;
import dev.cohort.search.v1.MessageLocation;
import dev.cohort.search.v1.ResultKind;
import dev.cohort.search.v1.SearchRequest;
import dev.cohort.search.v1.SearchResult;
import dev.cohort.search.v1.Snippet;
import dev.cohort.search.v1.TextRange;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** Messages of the contract to and from the use cases' types. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    /** The filters of a validated request (ids are UUIDs or empty, kinds are defined and not UNSPECIFIED). */
    static SearchFilters filters(SearchRequest request) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        request.getKindsList().forEach(kind -> kinds.add(kind(kind)));
        return new SearchFilters(kinds, uuidOrNull(request.getConversationId()), uuidOrNull(request.getCourseId()),
                uuidOrNull(request.getAuthorUserId()),
                request.hasPostedAfter() ? instant(request.getPostedAfter()) : null,
                request.hasPostedBefore() ? instant(request.getPostedBefore()) : null);
    }

    static Kind kind(ResultKind kind) {
        return switch (kind) {
            case RESULT_KIND_MESSAGE -> Kind.MESSAGE;
            case RESULT_KIND_COURSE -> Kind.COURSE;
            case RESULT_KIND_PERSON -> Kind.PERSON;
            // Refused by the contract's validation before any handler runs.
            case RESULT_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("no kind: " + kind);
        };
    }

    static ResultKind kind(Kind kind) {
        return switch (kind) {
            case MESSAGE -> ResultKind.RESULT_KIND_MESSAGE;
            case COURSE -> ResultKind.RESULT_KIND_COURSE;
            case PERSON -> ResultKind.RESULT_KIND_PERSON;
        };
    }

    static SearchResult result(SearchResultView view) {
        Snippet.Builder snippet = Snippet.newBuilder().setText(view.snippet().text());
        for (MarkedText.Range range : view.snippet().ranges()) {
            snippet.addHighlights(TextRange.newBuilder().setStart(range.start()).setLength(range.length()));
        }
        SearchResult.Builder result = SearchResult.newBuilder().setKind(kind(view.kind()))
                .setId(view.id().toString()).setTitle(view.title()).setSnippet(snippet).setScore(view.score());
        if (view.message() != null) {
            result.setMessage(MessageLocation.newBuilder()
                    .setConversationId(view.message().conversationId().toString())
                    .setSequence(view.message().sequence())
                    .setAuthorUserId(view.message().authorId().toString())
                    .setPostTime(ProtoTimestamps.timestamp(view.message().postedAt())));
        }
        return result.build();
    }

    private static UUID uuidOrNull(String id) {
        return id.isEmpty() ? null : UUID.fromString(id);
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
