package io.clickstream.producer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The control endpoints over real HTTP: bearer token, cross-site requests, content type and body size. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ControlApiSecurityTest {

    private static final String WRONG = "wrong-token-of-the-same-kind-01";

    @AfterEach
    void restore() {
        ProducerApi.setRate(100);
        ProducerApi.start();
    }

    @Test
    void withoutTheTokenNothingChanges() {
        given().contentType(ContentType.JSON).body("{\"events_per_second\": 321}").put("/api/producer/rate")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"clickstream-producer\""))
                .body("error", containsString("Bearer"));
        given().post("/api/producer/stop").then().statusCode(401);
        given().header("Authorization", "Basic dXNlcjpwYXNz").post("/api/producer/stop").then().statusCode(401);
        // status stays open, and shows that nothing changed
        given().get("/api/producer").then().statusCode(200)
                .body("events_per_second", equalTo(100.0f)).body("state", equalTo("running"));
    }

    @Test
    void aWrongTokenIsRefusedAndNeverEchoed() {
        given().header("Authorization", "Bearer " + WRONG).contentType(ContentType.JSON)
                .body("{\"events_per_second\": 321}").put("/api/producer/rate")
                .then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"))
                .body(not(containsString(WRONG)));
        // a prefix or extension of the right token is as wrong as any other
        given().header("Authorization", "Bearer " + ControlToken.TOKEN.substring(1)).post("/api/producer/stop")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + ControlToken.TOKEN + "x").post("/api/producer/stop")
                .then().statusCode(401);
        given().get("/api/producer").then().body("events_per_second", equalTo(100.0f)).body("state", equalTo("running"));
    }

    @Test
    void theRightTokenChangesTheRate() {
        ProducerApi.authorized().contentType(ContentType.JSON).body("{\"events_per_second\": 321}")
                .put("/api/producer/rate").then().statusCode(200).body("events_per_second", equalTo(321.0f));
        given().get("/api/producer").then().body("events_per_second", equalTo(321.0f));
        // the scheme is case-insensitive (RFC 9110)
        given().header("Authorization", "bearer " + ControlToken.TOKEN).post("/api/producer/stop").then().statusCode(200)
                .body("state", equalTo("stopped"));
    }

    @Test
    void crossSiteRequestsAreRefusedEvenWithTheToken() {
        ProducerApi.authorized().header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body("{\"events_per_second\": 321}").put("/api/producer/rate").then().statusCode(403);
        ProducerApi.authorized().header("Sec-Fetch-Site", "cross-site").post("/api/producer/stop").then().statusCode(403);
        ProducerApi.authorized().header("Origin", "null").post("/api/producer/stop").then().statusCode(403);
        given().get("/api/producer").then().body("events_per_second", equalTo(100.0f)).body("state", equalTo("running"));
        // the page's own origin (the Host it was sent to) is not cross-site
        String host = "localhost:" + io.restassured.RestAssured.port;
        ProducerApi.authorized().header("Host", host).header("Origin", "http://" + host).header("Sec-Fetch-Site", "same-origin")
                .post("/api/producer/stop").then().statusCode(200);
    }

    @Test
    void aBodyMustBeSmallJson() {
        ProducerApi.authorized().contentType(ContentType.TEXT).body("{\"events_per_second\": 321}")
                .put("/api/producer/rate").then().statusCode(415);
        ProducerApi.authorized().contentType(ContentType.URLENC).body("events_per_second=321")
                .post("/api/producer/stop").then().statusCode(415);
        String big = "{\"events_per_second\": 321, \"pad\": \"" + "x".repeat(5000) + "\"}";
        ProducerApi.authorized().contentType(ContentType.JSON).body(big).put("/api/producer/rate").then().statusCode(413);
        given().get("/api/producer").then().body("events_per_second", equalTo(100.0f)).body("state", equalTo("running"));
    }
}
