package dev.cohort.moderation.api;

import dev.cohort.auth.Caller;
import dev.cohort.moderation.app.AuditEntryView;
import dev.cohort.moderation.app.Auditing;
import dev.cohort.moderation.app.ReportView;
import dev.cohort.moderation.app.Reporting;
import dev.cohort.moderation.app.Resolving;
import dev.cohort.moderation.app.SpamPolicies;
import dev.cohort.moderation.v1.GetSpamPolicyRequest;
import dev.cohort.moderation.v1.GetSpamPolicyResponse;
import dev.cohort.moderation.v1.SetSpamPolicyRequest;
import dev.cohort.moderation.v1.SetSpamPolicyResponse;
import dev.cohort.common.v1.Role;
import dev.cohort.moderation.v1.ListOpenReportsRequest;
import dev.cohort.moderation.v1.ListOpenReportsResponse;
import dev.cohort.moderation.v1.ReportMessageRequest;
import dev.cohort.moderation.v1.ReportMessageResponse;
import dev.cohort.moderation.v1.ReportProfileRequest;
import dev.cohort.moderation.v1.ReportProfileResponse;
import dev.cohort.moderation.v1.ResolveReportRequest;
import dev.cohort.moderation.v1.ResolveReportResponse;
import java.util.UUID;
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
    private final Reporting reporting;
    private final Resolving resolving;
    private final SpamPolicies spamPolicies;

    public ModerationGrpcService(Auditing auditing, Reporting reporting, Resolving resolving,
                                 SpamPolicies spamPolicies) {
        this.auditing = auditing;
        this.reporting = reporting;
        this.resolving = resolving;
        this.spamPolicies = spamPolicies;
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

    @Override
    public void reportMessage(ReportMessageRequest request, StreamObserver<ReportMessageResponse> responses) {
        ReportView report = reporting.reportMessage(Caller.requireUserUuid(), UUID.fromString(request.getMessageId()),
                request.getReason().strip());
        responses.onNext(ReportMessageResponse.newBuilder().setReport(ProtoMapping.report(report)).build());
        responses.onCompleted();
    }

    @Override
    public void reportProfile(ReportProfileRequest request, StreamObserver<ReportProfileResponse> responses) {
        ReportView report = reporting.reportProfile(Caller.requireUserUuid(), UUID.fromString(request.getUserId()),
                request.getReason().strip());
        responses.onNext(ReportProfileResponse.newBuilder().setReport(ProtoMapping.report(report)).build());
        responses.onCompleted();
    }

    @Override
    public void listOpenReports(ListOpenReportsRequest request, StreamObserver<ListOpenReportsResponse> responses) {
        Caller caller = Caller.require();
        Page<ReportView> page = reporting.listOpen(caller.userUuid(), caller.hasRole(Role.ROLE_ADMIN),
                request.getPageToken(), request.getPageSize());
        ListOpenReportsResponse.Builder response = ListOpenReportsResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        page.items().forEach(report -> response.addReports(ProtoMapping.report(report)));
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void resolveReport(ResolveReportRequest request, StreamObserver<ResolveReportResponse> responses) {
        ReportView report = resolving.resolve(Caller.requireUserUuid(), UUID.fromString(request.getReportId()),
                ProtoMapping.resolution(request));
        responses.onNext(ResolveReportResponse.newBuilder().setReport(ProtoMapping.report(report)).build());
        responses.onCompleted();
    }

    @Override
    public void getSpamPolicy(GetSpamPolicyRequest request, StreamObserver<GetSpamPolicyResponse> responses) {
        responses.onNext(GetSpamPolicyResponse.newBuilder()
                .setPolicy(ProtoMapping.spamPolicy(spamPolicies.current())).build());
        responses.onCompleted();
    }

    @Override
    public void setSpamPolicy(SetSpamPolicyRequest request, StreamObserver<SetSpamPolicyResponse> responses) {
        var policy = spamPolicies.set(Caller.requireUserUuid(), ProtoMapping.spamPolicy(request.getPolicy()));
        responses.onNext(SetSpamPolicyResponse.newBuilder().setPolicy(ProtoMapping.spamPolicy(policy)).build());
        responses.onCompleted();
    }
}
