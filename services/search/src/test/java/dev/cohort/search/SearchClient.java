package dev.cohort.search;

import dev.cohort.search.v1.ResultKind;
import dev.cohort.search.v1.SearchRequest;
import dev.cohort.search.v1.SearchResponse;
import dev.cohort.search.v1.SearchResult;
import dev.cohort.search.v1.SearchServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service, with helpers that keep the tests about behaviour. */
final class SearchClient implements AutoCloseable {

    private final ManagedChannel channel;

    SearchClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    SearchServiceGrpc.SearchServiceBlockingStub anonymous() {
        return SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A stub calling as {@code userId} with the given roles (a student when none). */
    SearchServiceGrpc.SearchServiceBlockingStub as(UUID userId, String... roles) {
        String token = SearchTestSupport.TOKENS.token(userId.toString(), roles.length == 0 ? new String[] {"STUDENT"} : roles);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    SearchResponse search(UUID caller, SearchRequest request) {
        return as(caller).search(request);
    }

    /** The first page of results for {@code query} of the given kinds (every kind when none). */
    List<SearchResult> find(UUID caller, String query, ResultKind... kinds) {
        return search(caller, SearchRequest.newBuilder().setQuery(query).addAllKinds(List.of(kinds)).setPageSize(50)
                .build()).getResultsList();
    }

    /** The ids of {@link #find}, best first. */
    List<String> ids(UUID caller, String query, ResultKind... kinds) {
        return find(caller, query, kinds).stream().map(SearchResult::getId).toList();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
