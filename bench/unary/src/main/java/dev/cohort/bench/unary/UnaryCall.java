package dev.cohort.bench.unary;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of call, made asynchronously: call number {@code n} (which picks its caller and request, so every pass
 * spreads its calls over the same users and objects) completes when the answer has arrived and been checked.
 */
@FunctionalInterface
interface UnaryCall {

    CompletableFuture<?> call(long n);

    /** A grpc-java future as a CompletableFuture, completed on the thread that received the answer. */
    static <T> CompletableFuture<T> completable(ListenableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }

            @Override
            public void onFailure(Throwable failed) {
                result.completeExceptionally(failed);
            }
        }, MoreExecutors.directExecutor());
        return result;
    }
}
