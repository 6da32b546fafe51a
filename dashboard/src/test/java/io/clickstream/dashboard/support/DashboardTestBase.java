package io.clickstream.dashboard.support;

import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.dashboard.kafka.ConsumerPositions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/** Shared plumbing: a producer to the embedded broker, SSE clients, JSON helpers. */
public abstract class DashboardTestBase {

    protected static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected ConsumerPositions positions;

    @Inject
    protected Vertx vertx;

    @TestHTTPResource("/")
    protected URL root;

    protected ClickProducer producer;
    protected HttpClient http;
    private final List<SseConnection> connections = new ArrayList<>();

    @BeforeEach
    void connectToKafka() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new ClickProducer(bootstrap, "clicks");
        http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(50));
        // "latest" is fixed on assignment: events sent before it would never reach the dashboard
        await().atMost(Duration.ofSeconds(60)).until(positions::isReady);
    }

    @AfterEach
    void closeClients() {
        connections.forEach(SseConnection::close);
        connections.clear();
        producer.close();
        http.close();
    }

    protected SseConnection sse(String uri) {
        return sse(uri, Map.of());
    }

    protected SseConnection sse(String uri, Map<String, String> headers) {
        SseConnection c = SseConnection.open(http, root.getPort(), uri, headers);
        connections.add(c);
        return c;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The event ids (UUIDs) in every {@code events} message of a stream, in order of arrival. */
    protected static List<String> eventIds(SseConnection c) {
        List<String> ids = new ArrayList<>();
        for (SseConnection.Message m : c.messages("events")) {
            for (JsonNode e : parse(m.data())) {
                ids.add(e.get("event_id").asText());
            }
        }
        return ids;
    }

    protected static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
