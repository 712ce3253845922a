package dev.cohort.auth;

/**
 * The shape of a Cohort access token, shared by the issuer (identity) and every verifier. Header: {@code alg}
 * ES256 (or RS256), {@code kid}, {@code typ} {@value #TYPE} (RFC 9068). Claims: {@code iss}, {@code aud},
 * {@code sub} (user id), {@code iat}, {@code exp}, {@code jti} (opaque), {@code sid} (sign-in id), {@code ver} (the
 * user's token version), {@code email_verified} and {@code roles} (role names without the {@code ROLE_} prefix, e.g.
 * {@code ["STUDENT"]}). Identity no longer writes {@code nbf} (ADR 87: it equalled {@code iat}); verifiers still
 * refuse a token whose {@code nbf} is in the future.
 */
public final class AccessTokenClaims {

    public static final String TYPE = "at+jwt";
    public static final String ROLES = "roles";
    public static final String SESSION_ID = "sid";
    /** The user's token version when the token was issued; admin actions raise it to retire older tokens. */
    public static final String TOKEN_VERSION = "ver";
    /** Whether the user proved their e-mail address (OpenID Connect's claim name); absent means no. */
    public static final String EMAIL_VERIFIED = "email_verified";

    private AccessTokenClaims() {
    }
}
