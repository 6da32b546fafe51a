package io.clickstream.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BadParametersTest {

    @Test
    void unknownEventTypeIs400WithAMessage() {
        given().queryParam("event_type", "teleport").get("/api/events/stream")
                .then().statusCode(400).body("error", containsString("unknown event_type 'teleport'"));
        given().queryParam("event_type", "teleport").get("/api/events/recent")
                .then().statusCode(400).body("error", containsString("page_view"));
    }

    @Test
    void overLongFilterValuesAre400() {
        String tooLong = "x".repeat(129);
        given().queryParam("store", tooLong).get("/api/events/stream")
                .then().statusCode(400).body("error", containsString("store is longer than 128"));
        given().queryParam("campaign", tooLong).get("/api/events/stream")
                .then().statusCode(400).body("error", containsString("campaign is longer than 128"));
    }

    @Test
    void badLimitIs400() {
        given().queryParam("limit", "0").get("/api/events/recent").then().statusCode(400)
                .body("error", containsString("limit must be a number from 1 to 1000"));
        given().queryParam("limit", "many").get("/api/events/recent").then().statusCode(400);
        given().queryParam("limit", "5").get("/api/events/recent").then().statusCode(200);
    }
}
