package io.clickstream.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clickstream.dashboard.sse.SseAdmission;
import io.clickstream.dashboard.support.DashboardTestBase;
import io.clickstream.dashboard.support.Management;
import io.clickstream.dashboard.support.SseConnection;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The caps on SSE clients and distinct filters: 503 with Retry-After past them, counted; a leaving client frees its slot. */
@QuarkusTest
@TestProfile(SseCapsTest.SmallCaps.class)
@WithTestResource(KafkaTestResource.class)
class SseCapsTest extends DashboardTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    public static class SmallCaps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dashboard.sse.max-clients", "4", "dashboard.sse.max-filters", "2", "dashboard.sse.retry-after", "7s");
        }
    }

    @Inject
    SseAdmission admission;

    @BeforeEach
    void noClientsLeft() {
        // the previous test's connections are closed; the server notices a moment later
        await().atMost(WAIT).until(() -> admission.clients() == 0);
    }

    @Test
    void clientsPastTheCapGet503UntilOneLeaves() {
        double rejectedBefore = rejected("clients");
        SseConnection first = open("/api/events/stream");
        open("/api/stats/stream");
        open("/api/events/stream");
        open("/api/stats/stream");
        assertThat(admission.clients()).isEqualTo(4);

        for (String stream : new String[] { "/api/events/stream", "/api/stats/stream" }) {
            assertRejected(stream, "too many SSE clients");
        }
        assertThat(rejected("clients")).isEqualTo(rejectedBefore + 2);

        first.close();
        await().atMost(WAIT).until(() -> admission.clients() == 3);
        open("/api/events/stream");
    }

    @Test
    void aNewFilterPastTheCapGets503ButFiltersInUseStayOpen() {
        double rejectedBefore = rejected("filters");
        String a = unique("store");
        String b = unique("store");
        SseConnection firstA = open("/api/events/stream?store=" + a);
        SseConnection onlyB = open("/api/events/stream?event_type=purchase&store=" + b);

        assertRejected("/api/events/stream?store=" + unique("store"), "too many distinct filters");
        assertThat(rejected("filters")).isEqualTo(rejectedBefore + 1);
        // a filter in use, and no filter, are still accepted
        open("/api/events/stream?store=" + a);
        open("/api/events/stream");
        assertThat(admission.filters()).isEqualTo(2);

        firstA.close();
        onlyB.close();
        await().atMost(WAIT).until(() -> admission.filters() == 1 && admission.clients() == 2);
        open("/api/events/stream?store=" + unique("store"));
    }

    /** Read as a browser would: a stream that was wrongly accepted fails the status check instead of hanging. */
    private void assertRejected(String uri, String reason) {
        SseConnection c = sse(uri);
        assertThat(c.status()).as("status of %s past a cap", uri).isEqualTo(503);
        assertThat(c.header("Retry-After")).isEqualTo("7");
        assertThat(c.errorBody()).contains(reason);
    }

    private SseConnection open(String uri) {
        SseConnection c = sse(uri);
        await().atMost(WAIT).until(() -> !c.messages().isEmpty());
        assertThat(c.status()).as("status of %s", uri).isEqualTo(200);
        return c;
    }

    private static double rejected(String reason) {
        String metrics = given().get(Management.url("/metrics")).then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("clickstream_dashboard_sse_rejected_total{") && line.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no clickstream_dashboard_sse_rejected_total{reason=\"" + reason + "\"} in /q/metrics");
    }
}
