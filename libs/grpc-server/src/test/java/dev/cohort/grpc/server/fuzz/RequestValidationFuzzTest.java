package dev.cohort.grpc.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * Arbitrary bytes parsed as a request of any RPC and then validated as every service validates requests: parsing
 * may refuse the bytes (InvalidProtocolBufferException, which gRPC answers before any handler), and whatever
 * parses must end in a clean outcome, valid or a list of field violations; never anything thrown.
 */
class RequestValidationFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsedRequestsValidateCleanly(byte[] data) {
        FuzzedRequests.Input input = FuzzedRequests.Input.of(data);
        Message request;
        try {
            request = input.prototype().getParserForType().parseFrom(input.payload());
        } catch (InvalidProtocolBufferException refusedByTheParser) {
            return;
        }
        FuzzedRequests.validateCleanly(request);
    }
}
