package io.clickstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.k8s.support.Kustomize;
import io.clickstream.k8s.support.Manifest;

/** The Strimzi resources carry what the v1 API requires, and what their KafkaUsers need from the Kafka. */
class StrimziTest {

    static List<String> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void strimziResourcesAreComplete(String variant) {
        List<Manifest> objects = Kustomize.render(variant);
        assertThat(objects).as("%s renders a Kafka", variant).anyMatch(m -> m.kind().equals("Kafka"));
        List<String> violations = objects.stream().filter(StrimziCheck::isStrimzi)
                .flatMap(m -> StrimziCheck.violations(m, objects).stream()).toList();
        assertThat(violations).withFailMessage("Strimzi violations in %s:%s", variant, Fixtures.lines(violations)).isEmpty();
    }

    // --- the check can fail ---

    private static List<String> violations(List<Manifest> objects) {
        return SchemaCheck.violations(objects);
    }

    @Test
    void v1beta2IsRejected() {
        List<Manifest> objects = Fixtures.objects("local");
        Fixtures.object(objects, "KafkaTopic", "clicks").node().put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertThat(violations(objects)).contains(
                "local: KafkaTopic/clicks: apiVersion kafka.strimzi.io/v1beta2 is not served by Strimzi 1.x; use kafka.strimzi.io/v1");
    }

    @Test
    void aNodePoolWithoutRolesOrStorageIsRejected() {
        List<Manifest> objects = Fixtures.objects("local");
        ObjectNode spec = (ObjectNode) Fixtures.object(objects, "KafkaNodePool", "dual-role").node().path("spec");
        spec.remove("roles");
        spec.remove("storage");
        assertThat(violations(objects)).contains(
                "local: KafkaNodePool/dual-role: spec.roles is missing or empty (controller, broker)",
                "local: KafkaNodePool/dual-role: spec.storage.type is missing or not one of [jbod, ephemeral, persistent-claim]",
                "local: Kafka/clickstream: no KafkaNodePool labelled strimzi.io/cluster=clickstream has the role broker");
    }

    @Test
    void aClusterLabelNamingNoKafkaIsRejected() {
        List<Manifest> objects = Fixtures.objects("local");
        ((ObjectNode) Fixtures.object(objects, "KafkaTopic", "clicks-dlq").node().path("metadata").path("labels"))
                .put(StrimziCheck.CLUSTER_LABEL, "other");
        assertThat(violations(objects))
                .contains("local: KafkaTopic/clicks-dlq: label strimzi.io/cluster=other names no Kafka of this overlay");
    }

    @Test
    void aKafkaWithoutListenersIsRejected() {
        List<Manifest> objects = Fixtures.objects("local");
        ((ObjectNode) Fixtures.object(objects, "Kafka", "clickstream").node().path("spec").path("kafka")).remove("listeners");
        assertThat(violations(objects)).contains("local: Kafka/clickstream: spec.kafka.listeners is missing or empty");
    }

    @Test
    void aScramUserNeedsAScramListenerSimpleAuthorizationAndTheUserOperator() {
        List<Manifest> objects = Fixtures.objects("aks");
        ObjectNode kafka = (ObjectNode) Fixtures.object(objects, "Kafka", "clickstream").node().path("spec");
        ((ObjectNode) kafka.path("kafka").path("listeners").get(0)).remove("authentication");
        ((ObjectNode) kafka.path("kafka")).remove("authorization");
        ((ObjectNode) kafka.path("entityOperator")).remove("userOperator");
        assertThat(violations(objects)).contains(
                "aks: KafkaUser/sink: spec.authentication.type scram-sha-512 but no listener of Kafka/clickstream has authentication.type scram-sha-512",
                "aks: KafkaUser/sink: spec.authorization.type simple needs spec.kafka.authorization.type simple in Kafka/clickstream",
                "aks: KafkaUser/sink: Kafka/clickstream has no spec.entityOperator.userOperator to manage users");
    }

    @Test
    void aResourceWithoutSpecIsRejected() {
        List<Manifest> objects = Fixtures.objects("aks");
        Fixtures.object(objects, "KafkaUser", "producer").node().remove("spec");
        assertThat(violations(objects)).contains("aks: KafkaUser/producer: spec is missing");
    }
}
