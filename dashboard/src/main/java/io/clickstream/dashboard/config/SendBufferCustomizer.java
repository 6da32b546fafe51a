package io.clickstream.dashboard.config;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Caps the kernel send buffer of each HTTP connection. A stalled SSE client can otherwise park
 * megabytes in the kernel before the application notices and starts dropping for it.
 */
@ApplicationScoped
public class SendBufferCustomizer implements HttpServerOptionsCustomizer {

    private final DashboardConfig config;

    SendBufferCustomizer(DashboardConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(config.sse().sendBufferBytes());
    }
}
