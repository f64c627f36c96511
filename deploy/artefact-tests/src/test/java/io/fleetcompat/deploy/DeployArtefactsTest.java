package io.fleetcompat.deploy;

import static io.fleetcompat.deploy.Artefacts.VERSION;
import static io.fleetcompat.deploy.Artefacts.components;
import static io.fleetcompat.deploy.Artefacts.composeService;
import static io.fleetcompat.deploy.Artefacts.dockerfileEnv;
import static io.fleetcompat.deploy.Artefacts.firstContainer;
import static io.fleetcompat.deploy.Artefacts.k8s;
import static io.fleetcompat.deploy.Artefacts.text;
import static io.fleetcompat.deploy.Artefacts.unitEnvironment;
import static io.fleetcompat.deploy.Artefacts.unitValues;
import static io.fleetcompat.deploy.Artefacts.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetcompat.launcher.DemoCommand;
import io.fleetcompat.launcher.FleetCommand;
import io.fleetcompat.launcher.TopicsCommand;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The deploy artefacts (deploy/containers, deploy/compose, deploy/k8s, deploy/systemd) say the same as the launcher's
 * components.properties and DemoCommand, which the end-to-end test runs: same artefacts, ports, health paths, demo
 * settings, state directories and image tags. A change on one side that the other does not follow fails here.
 */
class DeployArtefactsTest {

    /** The two HTTP components, with their name in each artefact. */
    enum Http {
        STREAM("stream", "streamPort", "fleet-stream", "fleetcompat-stream.service", "StatefulSet", "fleet-stream"),
        DASHBOARD("dashboard", "dashboardPort", "dashboard", "fleetcompat-dashboard.service", "Deployment", "dashboard");

        final String component;
        final String demoPortField;
        final String image;
        final String unit;
        final String k8sKind;
        final String k8sName;

        Http(String component, String demoPortField, String image, String unit, String k8sKind, String k8sName) {
            this.component = component;
            this.demoPortField = demoPortField;
            this.image = image;
            this.unit = unit;
            this.k8sKind = k8sKind;
            this.k8sName = k8sName;
        }

        /** The port ./fleet demo gives it (DemoCommand's default), which every artefact uses too. */
        int port() throws NoSuchFieldException {
            return Integer.parseInt(DemoCommand.class.getDeclaredField(demoPortField).getAnnotation(Option.class).defaultValue());
        }

        String health() {
            return components().getProperty(component + ".health");
        }
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void shouldServeOnTheLaunchersPortEverywhere(Http http) throws Exception {
        String port = String.valueOf(http.port());

        assertThat(dockerfileEnv(http.image)).containsEntry("QUARKUS_HTTP_PORT", port);
        assertThat(text("deploy/containers/" + http.image + "/Dockerfile")).containsPattern("(?m)^EXPOSE " + port + "$");
        assertThat(composeService(http.image).path("ports").get(0).asText()).endsWith(":" + port);
        JsonNode container = firstContainer(k8s(http.k8sKind, http.k8sName));
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(http.port());
        assertThat(k8s("Service", http.k8sName).path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(http.port());
        assertThat(unitEnvironment(http.unit, "QUARKUS_HTTP_PORT")).contains(port);
    }

    @Test
    void shouldKeepFleetStreamsOwnDefaultPort() throws Exception {
        // The image and the unit set the port explicitly; fleet-stream's application.properties must agree, because
        // application.server is FLEET_STREAM_HOST:${quarkus.http.port}.
        assertThat(Artefacts.properties("fleet-stream/src/main/resources/application.properties").getProperty("quarkus.http.port"))
                .isEqualTo(String.valueOf(Http.STREAM.port()));
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void shouldCheckHealthOnTheLaunchersPath(Http http) throws Exception {
        String ready = http.health();
        assertThat(ready).as("components.properties " + http.component + ".health").isEqualTo("/q/health/ready");

        assertThat(text("deploy/containers/" + http.image + "/Dockerfile")).containsPattern("HEALTHCHECK[^\\n]*\\\\\\n?.*"
                + "wget -q -O /dev/null \"http://127.0.0.1:\\$\\{QUARKUS_HTTP_PORT}" + ready.replace("/", "\\/") + "\"");
        assertThat(composeService(http.image).path("healthcheck").path("test").toString())
                .contains("http://127.0.0.1:" + http.port() + ready);
        JsonNode container = firstContainer(k8s(http.k8sKind, http.k8sName));
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo(ready);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
    }

    @Test
    void shouldRunTheArtefactsTheLauncherRuns() {
        var components = components();
        String buildScript = text("deploy/containers/build-images.sh");
        // build-images.sh stages each image from the file components.properties starts.
        for (String component : List.of("stream", "dashboard", "simulate", "agent")) {
            String artefact = components.getProperty(component + ".artifact").replace("${version}", "$version");
            assertThat(buildScript).as(component + ".artifact in build-images.sh").contains("$root/" + artefact);
        }
        for (String component : List.of("stream", "dashboard")) {
            assertThat(components.getProperty(component + ".command")).contains("-jar ${artifact}");
        }
        assertThat(text("deploy/containers/fleet-stream/Dockerfile"))
                .contains("ENTRYPOINT [\"java-run\", \"-jar\", \"/opt/fleetcompat/fleet-stream/quarkus-run.jar\"]");
        assertThat(text("deploy/containers/dashboard/Dockerfile"))
                .contains("ENTRYPOINT [\"java-run\", \"-jar\", \"/opt/fleetcompat/dashboard/quarkus-run.jar\"]");
        assertThat(unitValues("fleetcompat-stream.service", "ExecStart"))
                .containsExactly("/usr/bin/java $JAVA_OPTS -jar /opt/fleetcompat/fleet-stream/quarkus-run.jar");
        assertThat(unitValues("fleetcompat-dashboard.service", "ExecStart"))
                .containsExactly("/usr/bin/java $JAVA_OPTS -jar /opt/fleetcompat/dashboard/quarkus-run.jar");

        // The agent jar with its sub-command: `agent` on the hosts (systemd), `simulate` in compose.
        assertThat(components.getProperty("agent.command")).contains("-jar ${artifact} agent ");
        assertThat(components.getProperty("simulate.command")).contains("-jar ${artifact} simulate ");
        assertThat(text("deploy/containers/hypervisor-agent/Dockerfile"))
                .contains("ENTRYPOINT [\"java-run\", \"-jar\", \"/opt/fleetcompat/hypervisor-agent/hypervisor-agent.jar\"]");
        assertThat(unitValues("fleetcompat-agent.service", "ExecStart")).singleElement().asString()
                .startsWith("/usr/bin/java $JAVA_OPTS -jar /opt/fleetcompat/hypervisor-agent/hypervisor-agent.jar agent ");
        assertThat(composeService("simulator").path("command").get(0).asText()).isEqualTo("simulate");
        assertThat(composeService("simulator").path("command").toString())
                .contains("--bootstrap-servers=kafka:19092");
    }

    @Test
    void shouldRunTheBrokerFromTheLaunchersClasspath() throws Exception {
        // ./fleet demo runs the embedded broker on the launcher's classpath; the kafka image is that classpath
        // (deploy/launcher/target/lib) running Kafka's own main class with the same jars.
        assertThat(components().getProperty("broker.command"))
                .contains("-cp ${launcherClasspath} io.fleetcompat.kafka.embedded.EmbeddedKafkaMain");
        assertThat(text("deploy/containers/build-images.sh")).contains("stage \"$root/deploy/launcher/target/lib\" \"$ctx/lib\"");
        assertThat(text("deploy/containers/kafka/run")).contains("classpath='/opt/fleetcompat/launcher/lib/*'")
                .contains("kafka.Kafka \"$config\"").contains("kafka.tools.StorageTool format");
        Class.forName("kafka.Kafka");
        Class.forName("kafka.tools.StorageTool");
        Class.forName("io.fleetcompat.kafka.embedded.EmbeddedKafkaMain");
    }

    @Test
    void shouldRunFleetStreamAndTheDashboardWithTheDemoSettingsInCompose() {
        // compose is a local run with a simulator, so it takes ./fleet demo's settings, as environment variables:
        // fleet-stream's quick rollout, the dashboard's demo profile (its built-in demo users).
        for (Http http : Http.values()) {
            JsonNode environment = composeService(http.image).path("environment");
            for (String setting : components().getProperty(http.component + ".demo-settings").split(" ")) {
                assertThat(setting).startsWith("-D");
                String key = setting.substring(2, setting.indexOf('='));
                String variable = key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
                assertThat(environment.path(variable).asText()).as(setting).isEqualTo(setting.substring(setting.indexOf('=') + 1));
            }
        }
        List<String> simulator = new ArrayList<>();
        composeService("simulator").path("command").forEach(token -> simulator.add(token.asText()));
        assertThat(simulator).containsAll(Arrays.asList(components().getProperty("simulate.demo-settings").split(" ")));
    }

    @Test
    void shouldRunTheDashboardOutsideTheDemoProfileWhereOperatorsBringTheirOwnUsers() {
        assertThat(components().getProperty("dashboard.demo-settings")).isEqualTo("-Dquarkus.profile=demo");
        JsonNode env = firstContainer(k8s("Deployment", "dashboard")).path("env");
        assertThat(StreamSupport.stream(env.spliterator(), false).map(e -> e.path("name").asText()))
                .doesNotContain("QUARKUS_PROFILE");
        assertThat(dockerfileEnv("dashboard")).doesNotContainKey("QUARKUS_PROFILE");
        assertThat(unitEnvironment("fleetcompat-dashboard.service", "QUARKUS_PROFILE")).isEmpty();
    }

    @Test
    void shouldOpenFleetStreamsUnauthenticatedRestOnlyInsideItsContainer() {
        assertThat(Artefacts.properties("fleet-stream/src/main/resources/application.properties")
                .getProperty("quarkus.http.host")).isEqualTo("127.0.0.1");
        assertThat(dockerfileEnv("fleet-stream")).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        assertThat(composeService("fleet-stream").path("ports").get(0).asText()).startsWith("127.0.0.1:");
        assertThat(unitEnvironment("fleetcompat-stream.service", "QUARKUS_HTTP_HOST")).isEmpty();
    }

    @Test
    void shouldKeepStateWhereTheImagesPutIt() {
        String streamState = dockerfileEnv("fleet-stream").get("FLEET_STREAM_STATE_DIR");
        assertThat(streamState).isEqualTo("/var/lib/fleetcompat/streams-state");
        assertThat(Artefacts.properties("fleet-stream/src/main/resources/application.properties").getProperty("kafka-streams.state.dir"))
                .startsWith("${FLEET_STREAM_STATE_DIR:");
        assertThat(composeService("fleet-stream").path("volumes").get(0).asText()).isEqualTo("stream-state:" + streamState);
        assertThat(mountPath(firstContainer(k8s("StatefulSet", "fleet-stream")), "state")).isEqualTo(streamState);

        // The agent image's working directory holds the default --outbox-dir and --policy-table-file.
        assertThat(text("deploy/containers/hypervisor-agent/Dockerfile")).contains("WORKDIR /var/lib/fleetcompat/agent");
        assertThat(composeService("simulator").path("volumes").get(0).asText()).isEqualTo("simulator-state:/var/lib/fleetcompat/agent");
        assertThat(composeService("kafka").path("volumes").get(0).asText()).isEqualTo("kafka-data:/var/lib/kafka/data");
        assertThat(text("deploy/containers/kafka/run")).contains("log.dirs=/var/lib/kafka/data");

        // systemd: each unit's state under its own StateDirectory.
        assertThat(unitValues("fleetcompat-agent.service", "StateDirectory")).containsExactly("fleetcompat-agent");
        assertThat(unitValues("fleetcompat-agent.service", "ExecStart")).singleElement().asString()
                .contains("--outbox-dir %S/fleetcompat-agent/outbox").contains("--policy-table-file %S/fleetcompat-agent/policy-table.json");
        assertThat(unitValues("fleetcompat-stream.service", "StateDirectory")).containsExactly("fleetcompat-stream");
        assertThat(unitEnvironment("fleetcompat-stream.service", "FLEET_STREAM_STATE_DIR")).contains("%S/fleetcompat-stream");
    }

    @Test
    void shouldHardenTheUnits() {
        for (String unit : List.of("fleetcompat-agent.service", "fleetcompat-stream.service", "fleetcompat-dashboard.service")) {
            assertThat(unitValues(unit, "User")).as(unit).containsExactly("fleetcompat");
            assertThat(unitValues(unit, "NoNewPrivileges")).as(unit).containsExactly("yes");
            assertThat(unitValues(unit, "ProtectSystem")).as(unit).containsExactly("strict");
            assertThat(unitValues(unit, "CapabilityBoundingSet")).as(unit).containsExactly("");
            assertThat(unitValues(unit, "Restart")).as(unit).containsExactly("on-failure");
            // The JIT needs writable and executable memory.
            assertThat(unitValues(unit, "MemoryDenyWriteExecute")).as(unit).containsExactly("no");
        }
        assertThat(text("deploy/systemd/fleetcompat.sysusers.conf")).containsPattern("(?m)^u fleetcompat ");
    }

    @Test
    void shouldListEveryKubernetesFileInTheKustomization() throws IOException {
        Set<String> files;
        try (var list = Files.list(Artefacts.DEPLOY.resolve("k8s"))) {
            files = list.map(Path::getFileName).map(Path::toString).filter(name -> name.endsWith(".yaml"))
                    .filter(name -> !name.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        JsonNode kustomization = yaml("deploy/k8s/kustomization.yaml").get(0);
        Set<String> resources = StreamSupport.stream(kustomization.path("resources").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));

        assertThat(resources).isEqualTo(files);
        for (String file : files) {
            assertThat(yaml("deploy/k8s/" + file)).as(file).isNotEmpty()
                    .allSatisfy(document -> assertThat(document.path("apiVersion").asText()).isNotEmpty());
        }
    }

    @Test
    void shouldTagEveryImageWithTheProjectVersion() {
        JsonNode kustomization = yaml("deploy/k8s/kustomization.yaml").get(0);
        Set<String> k8sImages = new TreeSet<>();
        kustomization.path("images").forEach(image -> {
            assertThat(image.path("newTag").asText()).as(image.path("name").asText()).isEqualTo(VERSION);
            k8sImages.add(image.path("name").asText());
        });
        for (String workload : List.of("StatefulSet/fleet-stream", "Deployment/dashboard", "Job/fleetcompat-topics")) {
            String[] kindAndName = workload.split("/");
            String image = firstContainer(k8s(kindAndName[0], kindAndName[1])).path("image").asText();
            assertThat(image).as(workload).endsWith(":" + VERSION);
            assertThat(k8sImages).as(workload).contains(image.substring(0, image.lastIndexOf(':')));
        }

        String buildScript = text("deploy/containers/build-images.sh");
        yaml("deploy/compose/compose.yaml").get(0).path("services").forEach(service -> {
            String image = service.path("image").asText();
            assertThat(image).endsWith(":${FLEETCOMPAT_VERSION:-" + VERSION + "}");
            String name = image.substring("fleetcompat/".length(), image.indexOf(':'));
            assertThat(Files.isRegularFile(Artefacts.DEPLOY.resolve("containers").resolve(name).resolve("Dockerfile")))
                    .as("deploy/containers/" + name + "/Dockerfile").isTrue();
            assertThat(buildScript).containsPattern("all_images=\\([^)]*\\b" + name + "\\b");
        });
    }

    @Test
    void shouldCreateTheCataloguesTopicsBeforeFleetStreamStarts() {
        Command topics = TopicsCommand.class.getAnnotation(Command.class);
        assertThat(topics.name()).isEqualTo("topics");
        assertThat(FleetCommand.class.getAnnotation(Command.class).subcommands()).contains(TopicsCommand.class);

        List<String> compose = new ArrayList<>();
        composeService("topics").path("command").forEach(token -> compose.add(token.asText()));
        assertThat(compose).startsWith("fleet", "topics");
        assertThat(composeService("fleet-stream").path("depends_on").path("topics").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        List<String> job = new ArrayList<>();
        firstContainer(k8s("Job", "fleetcompat-topics")).path("command").forEach(token -> job.add(token.asText()));
        assertThat(job).startsWith("fleet", "topics");

        // fleet-stream waits for these before it starts its topology: they must be catalogue topics.
        Set<String> catalogue = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
        String waitedFor = Artefacts.properties("fleet-stream/src/main/resources/application.properties")
                .getProperty("quarkus.kafka-streams.topics");
        assertThat(catalogue).containsAll(Arrays.asList(waitedFor.split(",")));
    }

    @Test
    void shouldAdvertiseEachFleetStreamPodUnderTheHeadlessService() {
        JsonNode statefulSet = k8s("StatefulSet", "fleet-stream");
        String headless = statefulSet.path("spec").path("serviceName").asText();
        assertThat(k8s("Service", headless).path("spec").path("clusterIP").asText()).isEqualTo("None");
        JsonNode env = firstContainer(statefulSet).path("env");
        String host = StreamSupport.stream(env.spliterator(), false)
                .filter(e -> e.path("name").asText().equals("FLEET_STREAM_HOST")).findFirst()
                .map(e -> e.path("value").asText()).orElseThrow();
        assertThat(host).isEqualTo("$(POD_NAME)." + headless + ".$(POD_NAMESPACE).svc.cluster.local");
        assertThat(Artefacts.properties("fleet-stream/src/main/resources/application.properties")
                .getProperty("quarkus.kafka-streams.application-server")).startsWith("${FLEET_STREAM_HOST:");
    }

    @Test
    void shouldGiveFleetStreamASigningKeyAndTheAgentsItsPublicHalfEverywhere() {
        // compose: the policy-keys service writes the pair into the volumes fleet-stream and the simulator mount
        JsonNode keys = composeService("policy-keys");
        String command = keys.path("command").get(0).asText();
        assertThat(command).contains("fleet policy-keys --key-id compose --private-dir /keys/signing --public-dir /keys/trusted");
        assertThat(keys.path("volumes").toString()).contains("policy-signing:/keys/signing", "policy-trusted:/keys/trusted");
        JsonNode stream = composeService("fleet-stream");
        assertThat(stream.path("environment").path("FLEET_STREAM_POLICY_SIGNING_KEY_FILE").asText())
                .isEqualTo("/etc/fleetcompat/policy-signing/compose.pem");
        assertThat(stream.path("volumes").toString()).contains("policy-signing:/etc/fleetcompat/policy-signing:ro");
        assertThat(stream.path("depends_on").path("policy-keys").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        JsonNode simulator = composeService("simulator");
        assertThat(simulator.path("command").toString()).contains("--policy-trusted-keys=/etc/fleetcompat/policy-keys");
        assertThat(simulator.path("volumes").toString()).contains("policy-trusted:/etc/fleetcompat/policy-keys:ro");

        // Kubernetes: the key file fleet-stream's ConfigMap names is in the Secret mounted where it looks
        String config = k8s("ConfigMap", "fleet-stream").path("data").path("fleet-stream.properties").asText();
        assertThat(config).contains("fleet-stream.policy.signing.key-file=/etc/fleetcompat/policy-signing/fleet-2026.pem");
        assertThat(mountPath(firstContainer(k8s("StatefulSet", "fleet-stream")), "policy-signing"))
                .isEqualTo("/etc/fleetcompat/policy-signing");
        assertThat(k8s("Secret", "fleet-stream-policy-signing").path("stringData").has("fleet-2026.pem")).isTrue();

        // systemd: fleet-stream's environment names its key, every agent's properties its trusted keys
        assertThat(text("deploy/systemd/fleet-stream.env.example"))
                .contains("\nFLEET_STREAM_POLICY_SIGNING_KEY_FILE=/etc/fleetcompat/policy-signing/");
        assertThat(text("deploy/systemd/agent.properties.example")).contains("\npolicy.trusted.keys=/etc/fleetcompat/policy-keys");

        // ./fleet demo: fleet-stream and the simulator are pointed at the pair the demo makes in their state dirs
        assertThat(components().getProperty("stream.command"))
                .contains("-Dfleet-stream.policy.signing.key-file=${stateDir}/policy-signing/demo.pem");
        assertThat(components().getProperty("simulate.command")).contains("--policy-trusted-keys=${stateDir}/trusted-policy-keys");
    }

    private static String mountPath(JsonNode container, String volume) {
        return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(mount -> mount.path("name").asText().equals(volume)).findFirst()
                .map(mount -> mount.path("mountPath").asText()).orElseThrow(() -> new AssertionError("no mount " + volume));
    }
}
