package dev.cohort.grpc.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * Arbitrary JSON text transcoded into a request of any RPC, as a REST call through the gateway is, and then
 * validated: the JSON parser may refuse it (InvalidProtocolBufferException: a 400 at the gateway), and whatever
 * it accepts must end in a clean validation outcome. Nothing else may be thrown.
 */
class JsonTranscodingFuzzTest {

    private static final JsonFormat.Parser JSON = JsonFormat.parser();

    @FuzzTest(maxDuration = "30s")
    void transcodedRequestsValidateCleanly(byte[] data) {
        FuzzedRequests.Input input = FuzzedRequests.Input.of(data);
        Message.Builder request = input.prototype().newBuilderForType();
        try {
            JSON.merge(new String(input.payload(), StandardCharsets.UTF_8), request);
        } catch (InvalidProtocolBufferException refusedByTheParser) {
            return;
        }
        FuzzedRequests.validateCleanly(request.build());
    }
}
