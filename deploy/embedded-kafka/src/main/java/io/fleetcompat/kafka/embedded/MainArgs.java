package io.fleetcompat.kafka.embedded;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Command line of {@link EmbeddedKafkaMain}; {@code dataDir} empty means a temporary dir deleted on exit.
 *
 * @param security         a file written by {@code BrokerSecurity.store}: the broker's secrets reach it by path, never
 *                         on the command line; empty: PLAINTEXT
 * @param node             run only this node of the {@code nodes} layout (the others run in other processes)
 * @param brokerProperties broker settings over the defaults, e.g. an extra listener
 */
record MainArgs(int port, Optional<Path> dataDir, int nodes, Optional<Path> security, boolean help, OptionalInt node,
                Map<String, String> brokerProperties) {

    static final String USAGE = "usage: EmbeddedKafkaMain [--port N (default 9092)] [--data-dir DIR] [--nodes 1|3] "
            + "[--node I (only node I, needs --data-dir)] [--broker-property KEY=VALUE ...] [--security FILE] [--help]";

    MainArgs {
        brokerProperties = Map.copyOf(brokerProperties);
    }

    MainArgs(int port, Optional<Path> dataDir, int nodes, Optional<Path> security, boolean help) {
        this(port, dataDir, nodes, security, help, OptionalInt.empty(), Map.of());
    }
    static final int DEFAULT_PORT = 9092;

    /** Thrown for arguments that cannot be used; the message is one line, meant for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static MainArgs parse(String... args) throws UsageException {
        int port = DEFAULT_PORT;
        Optional<Path> dataDir = Optional.empty();
        int nodes = 1;
        Optional<Path> security = Optional.empty();
        OptionalInt node = OptionalInt.empty();
        Map<String, String> brokerProperties = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return new MainArgs(port, dataDir, nodes, security, true);
            }
            if (option.equals("--broker-property")) {
                String[] pair = value(args, ++i, option).split("=", 2);
                if (pair.length != 2 || pair[0].isBlank()) {
                    throw new UsageException("--broker-property needs KEY=VALUE, was '" + args[i] + "'");
                }
                brokerProperties.put(pair[0], pair[1]);
                continue;
            }
            if (!seen.add(option)) {
                throw new UsageException("option " + option + " given twice");
            }
            switch (option) {
                case "--port" -> port = parsePort(value(args, ++i, option));
                case "--data-dir" -> dataDir = Optional.of(parsePath(value(args, ++i, option), option));
                case "--security" -> security = Optional.of(parsePath(value(args, ++i, option), option));
                case "--nodes" -> nodes = parseNodes(value(args, ++i, option));
                case "--node" -> node = OptionalInt.of(parseInt(value(args, ++i, option), option));
                default -> throw new UsageException("unknown argument '" + option + "'");
            }
        }
        if (node.isPresent() && (node.getAsInt() < 0 || node.getAsInt() >= nodes)) {
            throw new UsageException("--node must be within 0.." + (nodes - 1) + ", was " + node.getAsInt());
        }
        if (node.isPresent() && dataDir.isEmpty()) {
            throw new UsageException("--node needs --data-dir: a node restarted alone must find its log dir");
        }
        int lastPort = port + 2 * nodes - 1;
        if (lastPort > 65535) {
            throw new UsageException(nodes + " nodes need ports " + port + ".." + lastPort + ", beyond 65535");
        }
        return new MainArgs(port, dataDir, nodes, security, false, node, brokerProperties);
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String text) throws UsageException {
        int port = parseInt(text, "--port");
        if (port < 1 || port > 65535) {
            throw new UsageException("--port must be within 1..65535, was " + port);
        }
        return port;
    }

    private static int parseNodes(String text) throws UsageException {
        int nodes = parseInt(text, "--nodes");
        if (nodes != 1 && nodes != 3) {
            throw new UsageException("--nodes must be 1 or 3, was " + nodes);
        }
        return nodes;
    }

    private static Path parsePath(String text, String option) throws UsageException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(option + " is not a valid path: " + text);
        }
    }

    private static int parseInt(String text, String option) throws UsageException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, was '" + text + "'");
        }
    }
}
