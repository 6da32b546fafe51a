package io.clickstream.producer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.common.WithTestResource;

/** {@code producer.control.auth=none}: no token needed, but cross-site requests are still refused. */
@QuarkusTest
@TestProfile(ControlAuthOffTest.AuthOff.class)
@WithTestResource(KafkaTestResource.class)
class ControlAuthOffTest {

    public static class AuthOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("producer.control.auth", "none", "producer.control.token", "");
        }
    }

    @Test
    void noTokenNeededButCrossSiteStillRefused() {
        given().header("Origin", "https://evil.example").post("/api/producer/stop").then().statusCode(403);
        given().get("/api/producer").then().body("state", equalTo("running"));
        given().post("/api/producer/stop").then().statusCode(200).body("state", equalTo("stopped"));
        given().post("/api/producer/start").then().statusCode(200).body("state", equalTo("running"));
    }
}
