package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.DashboardConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prints where the dashboard listens and, for the demo, who can sign in, so {@code ./fleet demo} can show
 * both. {@code fleetcompat.dashboard.demo-users} is set only in the demo and dev profiles.
 */
@ApplicationScoped
public class StartupBanner {

    private final DashboardConfig config;
    private final int port;

    public StartupBanner(DashboardConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.config = config;
        this.port = port;
    }

    void print(@Observes StartupEvent event) {
        System.out.println("fleetcompat dashboard: http://" + config.dashboard().publicHost() + ":" + port + "/");
        config.dashboard().demoUsers().filter(u -> !u.isBlank())
                .ifPresent(u -> System.out.println("fleetcompat dashboard demo users: " + u));
    }
}
