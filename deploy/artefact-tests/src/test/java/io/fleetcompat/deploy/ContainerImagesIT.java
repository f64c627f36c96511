package io.fleetcompat.deploy;

import static io.fleetcompat.deploy.Artefacts.HOME;
import static io.fleetcompat.deploy.Artefacts.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetcompat.kafka.embedded.security.BrokerSecurity;
import io.fleetcompat.kafka.embedded.security.ClientAuthentication;
import io.fleetcompat.kafka.embedded.security.SecurityMaterial;
import io.fleetcompat.launcher.PolicyKeys;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Builds the images with deploy/containers/build-images.sh and runs them as compose does, but secured: the Kafka image
 * with SASL_SSL, SCRAM-SHA-512 and ACLs (its HEALTHCHECK must turn healthy), `fleet topics` and `fleet acls` from it
 * as the administrator, fleet-stream and the dashboard (ready, non-root, heap from the memory limit, HEALTHCHECK
 * healthy), then the simulator image against them, each logged in as its own principal from a mounted settings file;
 * fleet-stream must have folded the simulator's guests. Needs a Docker daemon: without one it fails and says how to
 * get one (or -DskipContainerITs).
 */
class ContainerImagesIT {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Path LOGS = HOME.resolve("deploy/artefact-tests/target/it-logs");
    private static final long GIB = 1024L * 1024 * 1024;
    private static final String CLIENT_DIR = "/etc/fleetcompat/kafka";
    private static final String AGENT = "agent";
    private static final String STREAM = "fleet-stream";
    private static final String DASHBOARD = "dashboard";

    private final List<GenericContainer<?>> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Network network;

    @BeforeAll
    static void buildImages() throws Exception {
        Files.createDirectories(LOGS);
        requireDocker();
        Path log = LOGS.resolve("build-images.log");
        ProcessBuilder build = new ProcessBuilder("bash", HOME.resolve("deploy/containers/build-images.sh").toString())
                .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        build.environment().put("FLEETCOMPAT_VERSION", VERSION);
        // The JDK running this test is the one to jlink from, when it is a full JDK.
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (Files.isDirectory(javaHome.resolve("jmods"))) {
            build.environment().put("JAVA_HOME", javaHome.toString());
        }
        Process process = build.start();
        if (!process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("build-images.sh did not finish within " + BUILD_TIMEOUT + "; its output: " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            fail("build-images.sh failed (exit " + process.exitValue() + "); last lines of " + log + ":\n" + tail(output, 30));
        }
        System.out.print(output);
    }

    private static void requireDocker() throws InterruptedException {
        String problem;
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true).start();
            boolean done = info.waitFor(60, TimeUnit.SECONDS);
            String output = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (done && info.exitValue() == 0) {
                return;
            }
            problem = done ? "`docker info` failed:\n" + tail(output, 5) : "`docker info` did not answer within 60 s";
        } catch (IOException e) {
            problem = "no docker client on PATH (" + e.getMessage() + ")";
        }
        fail("ContainerImagesIT builds and runs the images of deploy/containers and needs a Docker daemon, but " + problem
                + "\nStart one as .ci/run does (apt-get install -y docker.io busybox-static unzip; dockerd "
                + "--storage-driver=overlay2 &), or skip this test with -DskipContainerITs (deploy/README.md).");
    }

    @AfterEach
    void stopContainers() throws IOException {
        for (GenericContainer<?> container : started) {
            String name = container.getNetworkAliases().isEmpty() ? container.getDockerImageName()
                    : container.getNetworkAliases().get(container.getNetworkAliases().size() - 1);
            try {
                Files.writeString(LOGS.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + ".log"), container.getLogs());
            } catch (RuntimeException e) {
                // a container that never started has no logs
            }
            container.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void shouldRunTheSystemFromTheImagesOnASecuredBroker() throws Exception {
        network = Network.newNetwork();
        Instant start = Instant.now();
        SecurityMaterial material = SecurityMaterial.createOrLoad(LOGS.resolve("secrets-" + System.nanoTime()),
                ClientAuthentication.SCRAM, List.of(AGENT, STREAM, DASHBOARD), List.of("kafka"));

        // The Kafka image with SASL_SSL and SCRAM-SHA-512 for clients and brokers, TLS with client certificates on
        // the controller listener, and the StandardAuthorizer; every user formatted into the metadata at first start
        GenericContainer<?> kafka = secrets(container("kafka", "kafka"), material, "/etc/kafka/secrets", Map.of(
                        "broker.p12", bytes(material, "broker.p12"),
                        "scram-users", scramUsers(material, SecurityMaterial.BROKER, SecurityMaterial.ADMIN, AGENT,
                                STREAM, DASHBOARD)))
                .withEnv(securedBroker(material))
                // The image's own HEALTHCHECK (a listening port), as compose's depends_on uses it.
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)));
        kafka.start();
        Duration kafkaHealthy = Duration.between(start, Instant.now());

        // fleet topics and fleet acls as the administrator, from a client settings file
        for (List<String> command : List.of(
                List.of("fleet", "topics", "--replication-factor", "1"),
                List.of("fleet", "acls"))) {
            List<String> argv = new ArrayList<>(command);
            argv.addAll(List.of("--bootstrap-servers", "kafka:9092", "--command-config", CLIENT_DIR + "/admin.properties"));
            GenericContainer<?> admin = clientSettings(container("kafka", command.get(1)), material,
                    SecurityMaterial.ADMIN, "", "admin.properties")
                    .withCommand(argv.toArray(String[]::new))
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)));
            admin.start();
        }
        assertThat(started.get(1).getLogs()).contains("fleet topics: fleet.events created (12 partitions, replication factor 1");
        assertThat(started.get(2).getLogs()).contains("ACLs in place on kafka:9092");

        // The policy key pair: `fleet policy-keys` works in the image (compose's policy-keys service runs it); the
        // pair the containers use is made the same way on this side and copied in.
        GenericContainer<?> policyKeys = container("kafka", "policy-keys")
                .withCommand("fleet", "policy-keys", "--key-id", "image-it", "--private-dir", "/tmp/keys/signing",
                        "--public-dir", "/tmp/keys/trusted")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)));
        policyKeys.start();
        assertThat(policyKeys.getLogs()).contains("fleet policy-keys: made key pair 'image-it'");
        PolicyKeys.Pair keys = PolicyKeys.create("image-it", Files.createTempDirectory("image-it-signing"),
                Files.createTempDirectory("image-it-trusted"));

        GenericContainer<?> stream = clientSettings(container("fleet-stream", "fleet-stream"), material, STREAM,
                "kafka-streams.", "fleet-stream.properties")
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .withEnv("FLEET_STREAM_HOST", "fleet-stream")
                .withEnv("QUARKUS_CONFIG_LOCATIONS", CLIENT_DIR + "/fleet-stream.properties")
                .withCopyFileToContainer(MountableFile.forHostPath(keys.privateKey(), 0444),
                        "/etc/fleetcompat/policy-signing/image-it.pem")
                .withEnv("FLEET_STREAM_POLICY_SIGNING_KEY_FILE", "/etc/fleetcompat/policy-signing/image-it.pem")
                .withExposedPorts(8081)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(GIB))
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(8081).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        GenericContainer<?> dashboard = clientSettings(container("dashboard", "dashboard"), material, DASHBOARD,
                "kafka.", "dashboard.properties")
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .withEnv("QUARKUS_CONFIG_LOCATIONS", CLIENT_DIR + "/dashboard.properties")
                .withEnv("QUARKUS_PROFILE", "demo")
                .withExposedPorts(8080)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(GIB))
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(8080).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        Instant appsStart = Instant.now();
        Startables.deepStart(stream, dashboard).join();
        Duration appsReady = Duration.between(appsStart, Instant.now());

        // Non-root, and the heap from the memory limit (the image gives fleet-stream 50 % of it).
        assertThat(stream.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
        assertThat(stream.execInContainer("jcmd", "1", "VM.flags").getStdout()).contains("-XX:MaxHeapSize=" + GIB / 2);

        GenericContainer<?> simulator = clientSettings(container("hypervisor-agent", "simulator"), material, AGENT,
                "kafka.", "agent.properties")
                .withCopyFileToContainer(MountableFile.forHostPath(keys.publicKey(), 0444),
                        "/etc/fleetcompat/policy-keys/image-it.pem")
                .withCommand("simulate", "--bootstrap-servers=kafka:9092", "--scenario=small", "--steps=300", "--max-rate=0",
                        "--config=" + CLIENT_DIR + "/agent.properties",
                        "--policy-trusted-keys=/etc/fleetcompat/policy-keys")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)));
        simulator.start();
        assertThat(simulator.getLogs()).contains("outbox drained: 0 pending");

        String streamUrl = "http://" + stream.getHost() + ":" + stream.getMappedPort(8081);
        JsonNode stats = eventually("fleet-stream folds the simulator's guests", Duration.ofSeconds(60), () -> {
            JsonNode answer = getJson(streamUrl + "/stats");
            return answer != null && answer.path("guests").asInt() > 0 ? answer : null;
        });
        assertThat(stats.path("guests").asInt()).isPositive();

        // The images' HEALTHCHECK (busybox wget) turns healthy too: compose and plain docker rely on it.
        for (GenericContainer<?> app : List.of(stream, dashboard)) {
            eventually(app.getDockerImageName() + " healthy", Duration.ofSeconds(60),
                    () -> "healthy".equals(app.getCurrentContainerInfo().getState().getHealth().getStatus()) ? true : null);
        }
        System.out.printf("ContainerImagesIT: kafka healthy in %d s, fleet-stream and dashboard ready in %d s, "
                        + "%d guests folded, %d s in all%n", kafkaHealthy.toSeconds(), appsReady.toSeconds(),
                stats.path("guests").asInt(), Duration.between(start, Instant.now()).toSeconds());
    }

    /** The broker settings of a SASL_SSL node (as deploy/README.md, "Security", lists them), secrets included. */
    private static Map<String, String> securedBroker(SecurityMaterial material) {
        BrokerSecurity broker = material.broker();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_LISTENERS", "SASL_SSL://:9092,CONTROLLER://:9093");
        env.put("KAFKA_ADVERTISED_LISTENERS", "SASL_SSL://kafka:9092");
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "SASL_SSL");
        env.put("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "SCRAM-SHA-512");
        env.put("KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___512_SASL_JAAS_CONFIG",
                broker.brokerLogin().orElseThrow().jaasConfig());
        env.put("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/secrets/broker.p12");
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", broker.keystorePassword());
        env.put("KAFKA_SSL_KEY_PASSWORD", broker.keystorePassword());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/secrets/ca.pem");
        env.put("KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH", "required");
        env.put("KAFKA_SSL_PRINCIPAL_MAPPING_RULES", "RULE:^CN=([^,]+),.*$/$1/,DEFAULT");
        env.put("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        env.put("KAFKA_SUPER_USERS", "User:broker;User:admin");
        env.put("KAFKA_SCRAM_USERS_FILE", "/etc/kafka/secrets/scram-users");
        return env;
    }

    /** {@code principal}'s client settings, each key with {@code prefix}, in {@value #CLIENT_DIR}, with the CA. */
    private static GenericContainer<?> clientSettings(GenericContainer<?> container, SecurityMaterial material,
                                                      String principal, String prefix, String file) throws IOException {
        Properties settings = new Properties();
        material.clientSettings(principal).forEach((key, value) -> settings.setProperty(prefix + key,
                key.equals("ssl.truststore.location") ? CLIENT_DIR + "/ca.pem" : value));
        StringWriter text = new StringWriter();
        settings.store(text, null);
        return secrets(container, material, CLIENT_DIR, Map.of(file, text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Copies {@code files} and the CA certificate into {@code dir} of the container, readable by its user (10001, not
     * the owner of the host's files): as a mounted secret would be.
     */
    private static GenericContainer<?> secrets(GenericContainer<?> container, SecurityMaterial material, String dir,
                                               Map<String, byte[]> files) throws IOException {
        container.withCopyToContainer(Transferable.of(Files.readAllBytes(material.truststore()), 0444), dir + "/ca.pem");
        files.forEach((name, content) -> container.withCopyToContainer(Transferable.of(content, 0444), dir + "/" + name));
        return container;
    }

    private static byte[] bytes(SecurityMaterial material, String file) throws IOException {
        return Files.readAllBytes(material.truststore().resolveSibling(file));
    }

    /** name=password lines of the image's KAFKA_SCRAM_USERS_FILE. */
    private static byte[] scramUsers(SecurityMaterial material, String... principals) {
        StringBuilder lines = new StringBuilder();
        for (String principal : principals) {
            String jaas = material.clientSettings(principal).get("sasl.jaas.config");
            lines.append(principal).append('=').append(jaas.replaceAll(".*password=\"([^\"]+)\".*", "$1")).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private GenericContainer<?> container(String image, String alias) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("fleetcompat/" + image + ":" + VERSION))
                .withNetwork(network).withNetworkAliases(alias);
        started.add(container);
        return container;
    }

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T eventually(String what, Duration timeout, Supplier<T> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
