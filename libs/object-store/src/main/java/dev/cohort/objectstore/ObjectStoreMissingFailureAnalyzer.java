package dev.cohort.objectstore;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to set when an application needs an {@link ObjectStore} and none was configured. */
public class ObjectStoreMissingFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        if (cause.getBeanType() == null || !(ObjectStore.class.equals(cause.getBeanType())
                || software.amazon.awssdk.services.s3.S3Client.class.equals(cause.getBeanType())
                || software.amazon.awssdk.services.s3.presigner.S3Presigner.class.equals(cause.getBeanType()))) {
            return null;
        }
        return new FailureAnalysis("This application needs an object store, and cohort.object-store.bucket is not set.",
                "Set cohort.object-store.bucket (environment: COHORT_OBJECTSTORE_BUCKET) and, outside AWS, "
                        + "cohort.object-store.endpoint, access-key and secret-key (COHORT_OBJECTSTORE_ENDPOINT, "
                        + "_ACCESSKEY, _SECRETKEY); see ADR 33.", cause);
    }
}
