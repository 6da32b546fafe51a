package io.clickstream.producer;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

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

    /** A request that carries the control token. */
    static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + ControlToken.TOKEN);
    }

    static void setRate(double rate) {
        authorized().contentType(ContentType.JSON).body("{\"events_per_second\": " + rate + "}")
                .put("/api/producer/rate").then().statusCode(200);
    }

    static void start() {
        authorized().post("/api/producer/start").then().statusCode(200);
    }

    static void stop() {
        authorized().post("/api/producer/stop").then().statusCode(200);
    }
}
