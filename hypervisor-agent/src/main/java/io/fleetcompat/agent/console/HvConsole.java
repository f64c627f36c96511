package io.fleetcompat.agent.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hv console (shared/docs/hv-console.md): JSON Lines in, exactly one JSON object out per non-blank,
 * non-comment line, flushed at once. A bad line is answered with {@code {"error": ...}} and the run goes on.
 * Callable from a test, {@link HvConsoleMain}, or a CLI sub-command.
 */
public final class HvConsole {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, OpHandler> ops = new LinkedHashMap<>();

    public HvConsole() {
        ConsoleSession session = new ConsoleSession();
        DomainCommands domains = new DomainCommands(session);
        ops.put("host", domains::host);
        ops.put("createdomain", domains::createDomain);
        ops.put("pause", domains::pause);
        ops.put("unpause", domains::unpause);
        ops.put("destroydomain", domains::destroy);
        ops.put("evtchn", new EvtchnHandler(session));
        ops.put("hvm", new HvmHandler(session));
        ops.put("guest", new GuestWriteHandler(session));
        ops.put("inspect", new InspectHandler(session));
        ops.put("linux", new LinuxHandler(session));
    }

    /** Runs a fresh console over {@code in} until end of input. */
    public static void run(BufferedReader in, Writer out) throws IOException {
        HvConsole console = new HvConsole();
        String line;
        while ((line = in.readLine()) != null) {
            if (isSilent(line)) {
                continue;
            }
            out.write(JSON.writeValueAsString(console.answer(line)));
            out.write('\n');
            out.flush();
        }
    }

    /** Blank lines and {@code #} comments produce no output. */
    static boolean isSilent(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    /** The answer to one script line; never throws for bad input. */
    ObjectNode answer(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return Answers.error("line: invalid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            return Answers.error("line: expected a JSON object, got " + (node == null ? "nothing" : node));
        }
        JsonFields fields = new JsonFields(node);
        try {
            String op = fields.string("op");
            OpHandler handler = ops.get(op);
            if (handler == null) {
                throw new ConsoleInputException("op", "unknown op '" + op + "' (one of " + ops.keySet() + ")");
            }
            return handler.handle(fields);
        } catch (ConsoleInputException e) {
            return Answers.error(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The model refuses a request no guest could make (its invariants); the script goes on.
            return Answers.error("op: the model refused this line: " + e.getMessage());
        } catch (RuntimeException e) {
            // Anything else is a model defect; the contract still promises one answer and the next line.
            return Answers.error("op: internal error on this line: " + e);
        }
    }
}
