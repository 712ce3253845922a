package dev.cohort.search.api;

import dev.cohort.auth.Caller;
import dev.cohort.paging.Page;
import dev.cohort.search.app.Reindexing;
import dev.cohort.search.app.SearchResultView;
import dev.cohort.search.app.Searching;
import dev.cohort.search.v1.ReindexRequest;
import dev.cohort.search.v1.ReindexResponse;
import dev.cohort.search.v1.SearchRequest;
import dev.cohort.search.v1.SearchResponse;
import dev.cohort.search.v1.SearchServiceGrpc;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated (protovalidate
 * and the text rule) and authenticated (the contract's access policy, ADR 0002); what the caller may find is
 * decided by the index query, and errors are mapped by the server conventions.
 */
public class SearchGrpcService extends SearchServiceGrpc.SearchServiceImplBase {

    private final Searching searching;
    private final Reindexing reindexing;

    public SearchGrpcService(Searching searching, Reindexing reindexing) {
        this.searching = searching;
        this.reindexing = reindexing;
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
        Page<SearchResultView> page = searching.search(Caller.requireUserUuid(), request.getQuery(),
                ProtoMapping.filters(request), request.getPageToken(), request.getPageSize());
        SearchResponse.Builder response = SearchResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(result -> response.addResults(ProtoMapping.result(result)));
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void reindex(ReindexRequest request, StreamObserver<ReindexResponse> responses) {
        reindexing.reindex(ProtoMapping.kind(request.getKind()), progress -> responses.onNext(
                ReindexResponse.newBuilder().setEventsRead(progress.eventsRead())
                        .setDocumentsIndexed(progress.documentsIndexed()).setDone(progress.done()).build()));
        responses.onCompleted();
    }
}
