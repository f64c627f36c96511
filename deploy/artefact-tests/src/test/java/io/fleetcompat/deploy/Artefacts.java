package io.fleetcompat.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the deploy artefacts of the repository this build runs in (system property fleet.home). */
final class Artefacts {

    static final Path HOME = Path.of(System.getProperty("fleet.home", "../..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("fleetcompat.version", "0.1.0-SNAPSHOT");
    static final Path DEPLOY = HOME.resolve("deploy");

    private static final YAMLMapper YAML = new YAMLMapper();

    private Artefacts() {
    }

    static String text(String relativePath) {
        try {
            return Files.readString(HOME.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties properties(String relativePath) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(HOME.resolve(relativePath))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The launcher's component lines: the source of truth for how each component runs. */
    static Properties components() {
        return properties("deploy/launcher/src/main/resources/io/fleetcompat/launcher/components.properties");
    }

    /** Every YAML document of a file (Kubernetes files may hold several). */
    static List<JsonNode> yaml(String relativePath) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(HOME.resolve(relativePath).toFile())) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + relativePath + ": " + e.getMessage(), e);
        }
        return documents;
    }

    static JsonNode composeService(String name) {
        JsonNode service = yaml("deploy/compose/compose.yaml").get(0).path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return service;
    }

    /** The first object of that kind and name in deploy/k8s. */
    static JsonNode k8s(String kind, String name) {
        try (var files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode document : yaml("deploy/k8s/" + file.getFileName())) {
                    if (kind.equals(document.path("kind").asText()) && name.equals(document.path("metadata").path("name").asText())) {
                        return document;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("deploy/k8s has no " + kind + " " + name);
    }

    static JsonNode firstContainer(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** Dockerfile ENV values (ENV A=b C="d e" on one or more continued lines). */
    static Map<String, String> dockerfileEnv(String image) {
        String dockerfile = text("deploy/containers/" + image + "/Dockerfile").replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^ENV\\s+(.*)$").matcher(dockerfile);
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        while (line.find()) {
            Matcher m = pair.matcher(line.group(1));
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }

    /** systemd unit settings: the last value of each key (as systemd reads a reset list, good enough here). */
    static List<String> unitValues(String unit, String key) {
        String text = text("deploy/systemd/" + unit).replace("\\\n", " ");
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(text);
        while (m.find()) {
            values.add(m.group(1).trim());
        }
        return values;
    }

    static Optional<String> unitEnvironment(String unit, String variable) {
        return unitValues(unit, "Environment").stream()
                .map(v -> v.replaceAll("^\"|\"$", ""))
                .filter(v -> v.startsWith(variable + "="))
                .map(v -> v.substring(variable.length() + 1))
                .reduce((first, second) -> second);
    }
}
