package io.fleetcompat.dashboard.feed;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the feed thread runs; the number of records read says whether data arrives. */
@Readiness
@ApplicationScoped
public class FeedHealthCheck implements HealthCheck {

    private final FleetFeed feed;

    public FeedHealthCheck(FleetFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dashboard-feed").status(feed.running())
                .withData("recordsRead", feed.recordsRead()).build();
    }
}
