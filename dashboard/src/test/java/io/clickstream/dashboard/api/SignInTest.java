package io.clickstream.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clickstream.dashboard.support.Management;
import io.clickstream.dashboard.support.OidcProviderStub;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Sign-in switched on (as the dashboard-entra-id component does) against a test OpenID Connect provider: the page and
 * the APIs send a visitor without a session to the provider, the authorization-code flow gives a session, and with it
 * everything opens. Health and metrics, on the management port, never ask.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(OidcProviderStub.class)
class SignInTest {

    @Test
    void withoutASessionThePageAndTheApisRedirectToTheProvider() {
        for (String path : new String[] { "/", "/api/stats", "/api/events/recent", "/api/events/stream", "/api/stats/stream" }) {
            Response r = given().redirects().follow(false).get(path);
            assertThat(r.statusCode()).as("GET %s without a session", path).isEqualTo(302);
            URI location = URI.create(r.header("Location"));
            assertThat(location.getPath()).as("redirect of %s", path).isEqualTo("/authorize");
            assertThat(location.getQuery()).contains("response_type=code").contains("client_id=clickstream-dashboard");
        }
        given().get(Management.url("/health/ready")).then().statusCode(200);
        given().get(Management.url("/metrics")).then().statusCode(200);
    }

    @Test
    void afterSigningInThePageAndTheApisOpen() {
        Map<String, String> cookies = new HashMap<>();
        // 1. the page sends the browser to the provider, remembering the request in a cookie
        Response start = given().redirects().follow(false).get("/");
        assertThat(start.statusCode()).isEqualTo(302);
        cookies.putAll(start.cookies());
        // 2. the provider signs the user in and sends the browser back with a code
        Response provider = given().redirects().follow(false).get(start.header("Location"));
        assertThat(provider.statusCode()).isEqualTo(302);
        URI callback = URI.create(provider.header("Location"));
        // 3. the dashboard exchanges the code for tokens and sets its session cookie
        Response back = given().redirects().follow(false).cookies(cookies)
                .get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(back.statusCode()).as("callback: %s", back.asString()).isIn(200, 302);
        cookies.putAll(back.cookies());
        assertThat(cookies.keySet()).anyMatch(name -> name.startsWith("q_session"));

        given().cookies(cookies).redirects().follow(false).get("/").then().statusCode(200)
                .body(containsString("<html"));
        given().cookies(cookies).redirects().follow(false).get("/api/stats").then().statusCode(200)
                .body("sink_lag.group_id", equalTo("clickstream-sink"));
        // a forged session is not a session
        Map<String, String> forged = new HashMap<>();
        cookies.forEach((name, value) -> forged.put(name, name.startsWith("q_session") ? value + "x" : value));
        given().cookies(forged).redirects().follow(false).get("/api/stats").then().statusCode(302);
    }
}
