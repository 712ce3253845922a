package dev.cohort.moderation.api;

import dev.cohort.auth.Caller;
import dev.cohort.moderation.app.AuditEntryView;
import dev.cohort.moderation.app.Auditing;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.ListAuditEntriesResponse;
import dev.cohort.moderation.v1.ModerationServiceGrpc;
import dev.cohort.moderation.v1.VerifyAuditLogRequest;
import dev.cohort.moderation.v1.VerifyAuditLogResponse;
import dev.cohort.paging.Page;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated (protovalidate)
 * and authorised by the contract's access policy of each RPC (ADR 0002); errors are mapped by the server
 * conventions.
 */
public class ModerationGrpcService extends ModerationServiceGrpc.ModerationServiceImplBase {

    private final Auditing auditing;

    public ModerationGrpcService(Auditing auditing) {
        this.auditing = auditing;
    }

    @Override
    public void listAuditEntries(ListAuditEntriesRequest request, StreamObserver<ListAuditEntriesResponse> responses) {
        Page<AuditEntryView> page = auditing.list(Caller.requireUserUuid(), ProtoMapping.auditQuery(request),
                request.getPageToken(), request.getPageSize());
        ListAuditEntriesResponse.Builder response = ListAuditEntriesResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        page.items().forEach(entry -> response.addEntries(ProtoMapping.auditEntry(entry)));
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void verifyAuditLog(VerifyAuditLogRequest request, StreamObserver<VerifyAuditLogResponse> responses) {
        responses.onNext(ProtoMapping.verification(auditing.verify()));
        responses.onCompleted();
    }
}
