package dev.cohort.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.identity.v1.GetJwksResponse;
import dev.cohort.identity.v1.Jwk;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the contract's {@link Jwk} message and JOSE keys. Only public members ever cross. */
public final class JwkConversions {

    private JwkConversions() {
    }

    public static GetJwksResponse toProto(JWKSet set) {
        GetJwksResponse.Builder response = GetJwksResponse.newBuilder();
        for (JWK key : set.toPublicJWKSet().getKeys()) {
            Map<String, Object> json = key.toPublicJWK().toJSONObject();
            response.addKeys(Jwk.newBuilder()
                    .setKty(text(json, "kty")).setKid(text(json, "kid")).setUse(text(json, "use"))
                    .setAlg(text(json, "alg")).setCrv(text(json, "crv")).setX(text(json, "x")).setY(text(json, "y"))
                    .setN(text(json, "n")).setE(text(json, "e")));
        }
        return response.build();
    }

    public static JWKSet fromProto(GetJwksResponse response) {
        List<JWK> keys = new ArrayList<>();
        for (Jwk key : response.getKeysList()) {
            Map<String, Object> json = new LinkedHashMap<>();
            put(json, "kty", key.getKty());
            put(json, "kid", key.getKid());
            put(json, "use", key.getUse());
            put(json, "alg", key.getAlg());
            put(json, "crv", key.getCrv());
            put(json, "x", key.getX());
            put(json, "y", key.getY());
            put(json, "n", key.getN());
            put(json, "e", key.getE());
            try {
                keys.add(JWK.parse(json));
            } catch (ParseException malformed) {
                throw new IllegalStateException("identity published a malformed key " + key.getKid(), malformed);
            }
        }
        return new JWKSet(keys);
    }

    private static String text(Map<String, Object> json, String member) {
        Object value = json.get(member);
        return value == null ? "" : value.toString();
    }

    private static void put(Map<String, Object> json, String member, String value) {
        if (!value.isEmpty()) {
            json.put(member, value);
        }
    }
}
