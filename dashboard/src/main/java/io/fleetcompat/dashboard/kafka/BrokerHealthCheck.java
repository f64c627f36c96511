package io.fleetcompat.dashboard.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the brokers answer: a dashboard that cannot reach Kafka shows a frozen fleet and cannot send an
 * operator's command, so a load balancer should stop sending people to it.
 */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;

    public BrokerHealthCheck(KafkaClientSettings kafka) {
        Properties p = kafka.forClient();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "fleetcompat-dashboard-health");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(p);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("kafka-brokers").up().withData("brokers", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (Exception e) {
            return down(e.getCause() != null ? e.getCause().toString() : e.toString());
        }
    }

    private static HealthCheckResponse down(String why) {
        return HealthCheckResponse.named("kafka-brokers").down().withData("error", why).build();
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
