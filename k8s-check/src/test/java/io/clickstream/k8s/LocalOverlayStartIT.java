package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.k8s.support.ContainerEnvironment;
import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;
import io.clickstream.k8s.support.Workloads;
import io.clickstream.kafka.local.KafkaBroker;

/**
 * Each packaged service starts with exactly the environment the local overlay gives its container (envFrom
 * ConfigMaps and env, resolved), except the Kafka address (a test broker) and the sink's table (a temporary folder);
 * it must become ready on the management port the manifest names, and report the manifest's values back.
 * <p>
 * The application port is a free one (a system property, so the environment stays the manifest's): a machine that
 * runs the pipeline locally has 8080-8082 taken, and {@link ContractTest} checks the manifest's http ports already.
 */
class LocalOverlayStartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);

    /** The Secrets a user creates before deploying (README), with test-only values. */
    private static final String CONTROL_TOKEN = "test-only-control-token-0001";
    private static final Map<String, String> SECRETS = Map.of("producer-control-token/token", CONTROL_TOKEN);

    private final List<Manifest> local = Kustomize.render("local");
    private final int httpPort = freePort();
    private KafkaBroker broker;

    @BeforeEach
    void startBroker() {
        broker = KafkaBroker.onFreePort().start();
    }

    @AfterEach
    void stopBroker() {
        broker.stop();
    }

    @Test
    void producerEmitsAtTheManifestsRateIntoATopicOfTheManifestsPartitions() throws Exception {
        Map<String, String> env = environment("producer");
        assertThat(env).containsKeys("PRODUCER_EVENTS_PER_SECOND", "PRODUCER_AUTOSTART", "PRODUCER_TOPIC_PARTITIONS",
                "PRODUCER_CONTROL_TOKEN");
        try (ServiceProcess producer = ServiceProcess.start("producer", env, httpPort)) {
            awaitReady(producer, "producer");
            JsonNode status = json(producer, httpPort, "/api/producer");
            assertThat(status.path("events_per_second").asDouble()).as("events_per_second vs PRODUCER_EVENTS_PER_SECOND")
                    .isEqualTo(Double.parseDouble(env.get("PRODUCER_EVENTS_PER_SECOND")));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json(producer, httpPort,
                    "/api/producer").path("state").asText()).as("state with PRODUCER_AUTOSTART=%s", env.get("PRODUCER_AUTOSTART"))
                    .isEqualTo(Boolean.parseBoolean(env.get("PRODUCER_AUTOSTART")) ? "running" : "stopped"));
            try (Admin admin = broker.admin()) {
                int partitions = admin.describeTopics(Set.of("clicks")).allTopicNames().get().get("clicks").partitions().size();
                assertThat(partitions).as("partitions of the topic the producer created vs PRODUCER_TOPIC_PARTITIONS")
                        .isEqualTo(Integer.parseInt(env.get("PRODUCER_TOPIC_PARTITIONS")));
            }
            // the control API takes the token from the Secret, and only that one
            assertThat(stop(httpPort, null).statusCode()).as("POST /api/producer/stop without a token").isEqualTo(401);
            assertThat(stop(httpPort, CONTROL_TOKEN).statusCode()).as("POST /api/producer/stop with PRODUCER_CONTROL_TOKEN")
                    .isEqualTo(200);
        }
    }

    @Test
    void sinkWritesTheTableItIsGivenInTheManifestsGroup() throws Exception {
        broker.createTopics(Map.of("clicks", 6, "clicks-dlq", 1));
        Map<String, String> env = environment("sink");
        assertThat(env).containsKeys("CLICKSTREAM_TABLE_URI", "SINK_GROUP_ID");
        String table = Files.createTempDirectory("local-overlay-sink").resolve("clicks").toUri().toString();
        env.put("CLICKSTREAM_TABLE_URI", table);
        try (ServiceProcess sink = ServiceProcess.start("sink", env, httpPort)) {
            awaitReady(sink, "sink");
            assertThat(json(sink, httpPort, "/api/sink").path("table_uri").asText()).as("table_uri vs CLICKSTREAM_TABLE_URI")
                    .isEqualTo(table);
            String group = env.get("SINK_GROUP_ID");
            try (Admin admin = broker.admin()) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    ConsumerGroupDescription d;
                    try {
                        d = admin.describeConsumerGroups(Set.of(group)).all().get().get(group);
                    } catch (ExecutionException e) {
                        throw new AssertionError("the consumer group SINK_GROUP_ID=" + group + " is not on the broker: " + e.getCause());
                    }
                    assertThat(d.members()).as("members of the group SINK_GROUP_ID=%s", group).isNotEmpty();
                });
            }
        }
    }

    @Test
    void dashboardWatchesTheManifestsSinkGroup() throws Exception {
        broker.createTopics(Map.of("clicks", 6, "clicks-dlq", 1));
        Map<String, String> env = environment("dashboard");
        assertThat(env).containsKeys("DASHBOARD_SINK_LAG_GROUP_ID");
        try (ServiceProcess dashboard = ServiceProcess.start("dashboard", env, httpPort)) {
            awaitReady(dashboard, "dashboard");
            assertThat(json(dashboard, httpPort, "/api/stats").path("sink_lag").path("group_id").asText())
                    .as("sink_lag.group_id vs DASHBOARD_SINK_LAG_GROUP_ID").isEqualTo(env.get("DASHBOARD_SINK_LAG_GROUP_ID"));
        }
    }

    /** The container's environment from the local overlay, with the test broker's address. */
    private Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>(ContainerEnvironment.of(local, service, SECRETS));
        assertThat(env).as("%s's environment in the local overlay", service).containsKey("KAFKA_BOOTSTRAP_SERVERS");
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        int management = port(service, "management");
        try (ServerSocket s = new ServerSocket(management)) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + management + " (" + service + "'s management port) is in use: stop what listens there", e);
        }
        return env;
    }

    /** Ready on the manifest's management port; the health endpoints are not on the http port. */
    private void awaitReady(ServiceProcess process, String service) {
        int management = port(service, "management");
        Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> ready = process.get(management, "/q/health/ready");
            assertThat(ready).as("%s answers on its management port %d (log: %s)", service, management, process.log()).isNotNull();
            assertThat(ready.statusCode()).as("%s /q/health/ready: %s", service, ready.body()).isEqualTo(200);
        });
        assertThat(process.get(management, "/q/metrics").statusCode()).as("%s /q/metrics on the management port", service).isEqualTo(200);
        assertThat(process.get(httpPort, "/q/health/ready").statusCode()).as("%s /q/health on the http port", service)
                .isEqualTo(404);
    }

    private int port(String service, String name) {
        return Workloads.containers(local).stream().filter(c -> !c.init() && c.name().equals(service)).findFirst()
                .flatMap(c -> c.port(name)).orElseThrow(() -> new AssertionError("local: " + service + " has no port " + name));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> stop(int port, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/producer/stop"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(ServiceProcess process, int port, String path) throws IOException {
        HttpResponse<String> r = process.get(port, path);
        assertThat(r).as("GET %s", path).isNotNull();
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
