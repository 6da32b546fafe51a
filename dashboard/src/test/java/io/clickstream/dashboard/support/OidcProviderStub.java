package io.clickstream.dashboard.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A minimal OpenID Connect provider for tests, on a free 127.0.0.1 port: discovery, keys, an authorization endpoint
 * that signs every visitor in as {@link #USER} at once (no login page), and a token endpoint that checks the client's
 * secret and the code and returns an RS256-signed ID token. It switches the dashboard's sign-in on against itself.
 */
public class OidcProviderStub implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "alice";
    static final String CLIENT_ID = "clickstream-dashboard";
    /** A test-only value, not a credential. */
    static final String CLIENT_KEY = "test-only-client-value-0001";

    private final Map<String, String> codes = new HashMap<>();
    private HttpServer server;
    private RsaJsonWebKey key;
    private String issuer;

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JoseException | IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", x -> json(x, 200, "{\"issuer\":\"" + issuer
                + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer
                + "/token\",\"jwks_uri\":\"" + issuer + "/keys\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/keys", x -> json(x, 200, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
        return Map.of("quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.client-id", CLIENT_ID, "quarkus.oidc.credentials.secret", CLIENT_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Signs the visitor in and sends the browser back with a one-time code. */
    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || q.get("redirect_uri") == null || q.get("state") == null) {
            json(x, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        synchronized (codes) {
            codes.put(code, q.get("nonce") == null ? "" : q.get("nonce"));
        }
        String redirect = q.get("redirect_uri");
        x.getResponseHeaders().add("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_KEY).getBytes(StandardCharsets.UTF_8));
        boolean client = basic.equals(x.getRequestHeaders().getFirst("Authorization"))
                || (CLIENT_ID.equals(f.get("client_id")) && CLIENT_KEY.equals(f.get("client_secret")));
        String nonce;
        synchronized (codes) {
            nonce = codes.remove(f.get("code"));
        }
        if (!client || nonce == null || !"authorization_code".equals(f.get("grant_type"))) {
            json(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            String idToken = sign(nonce);
            json(x, 200, "{\"access_token\":\"" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"id_token\":\"" + idToken + "\"}");
        } catch (JoseException e) {
            json(x, 500, "{\"error\":\"server_error\"}");
        }
    }

    private String sign(String nonce) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(CLIENT_ID);
        claims.setSubject(USER);
        claims.setClaim("preferred_username", USER);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        if (!nonce.isEmpty()) {
            claims.setClaim("nonce", nonce);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
