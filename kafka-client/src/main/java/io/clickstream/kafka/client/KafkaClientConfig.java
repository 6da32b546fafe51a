package io.clickstream.kafka.client;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.common.annotation.Identifier;

/**
 * The settings every Kafka client of this service starts from: each {@code kafka.<key>} property (so also each
 * {@code KAFKA_<KEY>} environment variable) as the Kafka client setting {@code <key>}. The messaging channels merge
 * this map under their own {@code mp.messaging.*} settings, and admin clients are built from it, so TLS and SASL
 * settings reach every client.
 * <p>
 * It replaces Quarkus's own {@code default-kafka-broker} map, which hands keys declared without a value to Kafka as
 * empty strings (an empty truststore location breaks TLS): here a key without a value is left out, so an unset
 * variable means Kafka's default. Start-up fails, naming the key, on an unknown security protocol, on SASL without
 * a JAAS configuration, and on any value Kafka itself rejects.
 */
@ApplicationScoped
public class KafkaClientConfig {

    /** The identifier under which the Kafka connector looks up its defaults. */
    public static final String DEFAULT_KAFKA_BROKER = "default-kafka-broker";

    private static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";

    @Produces
    @Singleton
    @Identifier(DEFAULT_KAFKA_BROKER)
    Map<String, Object> clientConfig(Config config) {
        return of(config);
    }

    public static Map<String, Object> of(Config config) {
        Map<String, Object> settings = new TreeMap<>();
        Map<String, String> fromEnvNames = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class).filter(v -> !v.isBlank())
                        .ifPresent(v -> settings.put(name.substring(PREFIX.length()), v));
            } else if (name.startsWith(ENV_PREFIX)) {
                // an environment variable no kafka.* property declares: KAFKA_SASL_MECHANISM -> sasl.mechanism
                config.getOptionalValue(name, String.class).filter(v -> !v.isBlank()).ifPresent(v -> fromEnvNames
                        .put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v));
            }
        }
        fromEnvNames.forEach(settings::putIfAbsent);
        validate(settings);
        return Collections.unmodifiableMap(settings);
    }

    /** The settings an admin client understands, to which the caller adds its own (timeouts, client id). */
    public static Map<String, Object> adminConfig(Map<String, Object> clientConfig) {
        Map<String, Object> admin = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        return admin;
    }

    private static void validate(Map<String, Object> settings) {
        String protocol = String.valueOf(settings.getOrDefault("security.protocol", SecurityProtocol.PLAINTEXT.name));
        if (!SecurityProtocol.names().contains(protocol)) {
            throw new ConfigurationException("kafka.security.protocol (KAFKA_SECURITY_PROTOCOL) is '" + protocol
                    + "'; expected one of " + String.join(", ", SecurityProtocol.names()));
        }
        if (protocol.startsWith("SASL_") && !settings.containsKey("sasl.jaas.config")) {
            throw new ConfigurationException("kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) must be set when "
                    + "kafka.security.protocol is " + protocol);
        }
        try {
            new AdminClientConfig(adminConfig(settings));
        } catch (ConfigException e) {
            throw new ConfigurationException("Kafka client setting kafka.* is invalid: " + e.getMessage());
        }
    }
}
