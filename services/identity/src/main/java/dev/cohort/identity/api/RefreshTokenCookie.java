package dev.cohort.identity.api;

import dev.cohort.grpc.server.InterceptorOrder;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.LogoutResponse;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.RefreshResponse;
import dev.cohort.identity.v1.TokenPair;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps a browser's refresh token out of reach of the page's scripts (ADR 23): in an {@code HttpOnly; Secure;
 * SameSite=Strict} cookie that only the Refresh routes receive, written and read as gRPC metadata, which both
 * gateways pass on as the HTTP {@code Set-Cookie} and {@code Cookie} headers (Envoy's gRPC-Web filter and
 * transcoder, and the local gateway, forward headers both ways; none of them can rewrite a protobuf body).
 *
 * <ul>
 *   <li>Login or Refresh with the request header {@value #MODE_HEADER}{@code : cookie} (the web app's), and any
 *       Refresh whose token came from the cookie: the new refresh token goes into the cookie and is removed from
 *       the answer's body. A script that makes the browser call Refresh therefore never reads a refresh token.</li>
 *   <li>Refresh with no token in its body: the token is taken from the cookie, before validation sees the
 *       request.</li>
 *   <li>Logout with the header: the answer clears the cookie.</li>
 * </ul>
 * Native clients send neither the header nor the cookie and keep getting their refresh token in the body.
 */
public final class RefreshTokenCookie implements ServerInterceptor {

    /** Runs after authentication and before validation (which must see the token taken from the cookie). */
    public static final int ORDER = InterceptorOrder.VALIDATION - 10;

    /** Request header by which a browser asks for its refresh token in the cookie. */
    public static final String MODE_HEADER = "cohort-refresh-token";
    /** The header's value. */
    public static final String COOKIE_MODE = "cookie";
    /** The cookie's name. */
    public static final String COOKIE_NAME = "cohort_refresh";
    /**
     * The paths the cookie is sent to: Refresh over gRPC-Web (the web app) and over REST. Nothing else, not even
     * the page, receives it.
     */
    public static final List<String> COOKIE_PATHS = List.of(
            "/" + IdentityServiceGrpc.getRefreshMethod().getFullMethodName(), "/v1/identity/sessions:refresh");

    private static final Metadata.Key<String> MODE = Metadata.Key.of(MODE_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> COOKIE = Metadata.Key.of("cookie", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> SET_COOKIE =
            Metadata.Key.of("set-cookie", Metadata.ASCII_STRING_MARSHALLER);
    /** RFC 6265 cookie-octets: what our base64url tokens are made of, and nothing that could end the header. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_\\-.~]{1,512}");

    private static final String LOGIN = IdentityServiceGrpc.getLoginMethod().getFullMethodName();
    private static final String REFRESH = IdentityServiceGrpc.getRefreshMethod().getFullMethodName();
    private static final String LOGOUT = IdentityServiceGrpc.getLogoutMethod().getFullMethodName();

    private final Clock clock;

    public RefreshTokenCookie(Clock clock) {
        this.clock = clock;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!method.equals(LOGIN) && !method.equals(REFRESH) && !method.equals(LOGOUT)) {
            return next.startCall(call, headers);
        }
        boolean asked = COOKIE_MODE.equals(headers.get(MODE));
        Optional<String> fromCookie = method.equals(REFRESH) ? cookieValue(headers) : Optional.empty();
        if (!asked && fromCookie.isEmpty()) {
            return next.startCall(call, headers);
        }
        CookieAnswer<Q, R> answer = new CookieAnswer<>(call);
        ServerCall.Listener<Q> listener = next.startCall(answer, headers);
        if (fromCookie.isEmpty()) {
            return listener;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                if (message instanceof RefreshRequest refresh && refresh.getRefreshToken().isEmpty()) {
                    @SuppressWarnings("unchecked")
                    Q filled = (Q) refresh.toBuilder().setRefreshToken(fromCookie.get()).build();
                    super.onMessage(filled);
                } else {
                    // A token in the body wins; its answer still goes into the cookie (the cookie was sent).
                    super.onMessage(message);
                }
            }
        };
    }

    /** The refresh token of the request's cookie header(s), if any. */
    static Optional<String> cookieValue(Metadata headers) {
        Iterable<String> values = headers.getAll(COOKIE);
        if (values == null) {
            return Optional.empty();
        }
        for (String header : values) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).strip().equals(COOKIE_NAME)) {
                    String value = pair.substring(equals + 1).strip();
                    if (COOKIE_VALUE.matcher(value).matches()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code Set-Cookie} values that hold {@code token} until {@code expires}, or clear it (token null). */
    List<String> setCookies(String token, Instant expires) {
        String value = token == null ? "" : token;
        long maxAge = token == null ? 0 : Math.max(0, Duration.between(clock.instant(), expires).toSeconds());
        return COOKIE_PATHS.stream()
                .map(path -> COOKIE_NAME + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge
                        + "; HttpOnly; Secure; SameSite=Strict")
                .toList();
    }

    /**
     * The answer of a call in cookie mode: its headers wait for the message, which decides the cookie, and the
     * refresh token leaves the body. (grpc-java's unary handler sends headers right before the message.)
     */
    private final class CookieAnswer<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

        private Metadata heldHeaders;

        CookieAnswer(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            heldHeaders = headers;
        }

        @Override
        public void sendMessage(R message) {
            Metadata headers = heldHeaders == null ? new Metadata() : heldHeaders;
            heldHeaders = null;
            R answer = message;
            if (message instanceof LoginResponse login && login.hasTokens()) {
                cookies(headers, login.getTokens());
                answer = cast(login.toBuilder().setTokens(withoutRefreshToken(login.getTokens())).build());
            } else if (message instanceof RefreshResponse refresh && refresh.hasTokens()) {
                cookies(headers, refresh.getTokens());
                answer = cast(refresh.toBuilder().setTokens(withoutRefreshToken(refresh.getTokens())).build());
            } else if (message instanceof LogoutResponse) {
                setCookies(null, null).forEach(value -> headers.put(SET_COOKIE, value));
            }
            super.sendHeaders(headers);
            super.sendMessage(answer);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (heldHeaders != null) {
                super.sendHeaders(heldHeaders);
                heldHeaders = null;
            }
            super.close(status, trailers);
        }

        private void cookies(Metadata headers, TokenPair tokens) {
            Instant expires = Instant.ofEpochSecond(tokens.getRefreshTokenExpireTime().getSeconds(),
                    tokens.getRefreshTokenExpireTime().getNanos());
            setCookies(tokens.getRefreshToken(), expires).forEach(value -> headers.put(SET_COOKIE, value));
        }

        @SuppressWarnings("unchecked")
        private R cast(Object message) {
            return (R) message;
        }
    }

    private static TokenPair withoutRefreshToken(TokenPair tokens) {
        return tokens.toBuilder().clearRefreshToken().build();
    }
}
