package io.clickstream.producer;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** The producer's REST API, as tests call it. */
final class ProducerApi {

    private ProducerApi() {
    }

    static long eventsSent() {
        return given().get("/api/producer").then().statusCode(200).extract().jsonPath().getLong("events_sent");
    }

    static String state() {
        return given().get("/api/producer").then().statusCode(200).extract().jsonPath().getString("state");
    }

    static void setRate(double rate) {
        given().contentType(ContentType.JSON).body("{\"events_per_second\": " + rate + "}")
                .put("/api/producer/rate").then().statusCode(200);
    }

    static void start() {
        given().post("/api/producer/start").then().statusCode(200);
    }

    static void stop() {
        given().post("/api/producer/stop").then().statusCode(200);
    }
}
