package dev.cohort.auth;

import com.nimbusds.jose.jwk.JWKSet;

/** Where verification keys come from: identity's JWK Set over gRPC, or identity's own key store. */
@FunctionalInterface
public interface JwkSetSource {

    /** The current set of public keys. May throw when the source is unreachable. */
    JWKSet fetch();
}
