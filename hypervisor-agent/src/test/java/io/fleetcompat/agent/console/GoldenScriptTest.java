package io.fleetcompat.agent.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs console/golden.jsonl through the console and compares every answer with golden.expected.jsonl. The
 * expected answers were checked by hand against xen-evtchn-model.md (mostly its §9 scenarios), not recorded:
 * a difference is a model or console change to justify against the spec, never a file to regenerate blindly.
 */
class GoldenScriptTest {

    private static final String SCRIPT = "/console/golden.jsonl";
    private static final String EXPECTED = "/console/golden.expected.jsonl";

    /** A script line that gets an answer, with its 1-based line number in golden.jsonl. */
    private record ScriptLine(int number, String text) {
    }

    @Test
    void shouldAnswerEveryGoldenLineAsExpected() throws IOException {
        String script = resource(SCRIPT);
        List<ScriptLine> answered = answeredLines(script);
        List<String> expected = script(resource(EXPECTED));
        List<String> actual = run(script);

        assertEquals(answered.size(), actual.size(), "one answer per non-blank, non-comment line");
        assertEquals(expected.size(), actual.size(), "golden.expected.jsonl has one line per answer");
        for (int i = 0; i < actual.size(); i++) {
            ScriptLine in = answered.get(i);
            assertEquals(expected.get(i), actual.get(i),
                    "golden.jsonl line " + in.number() + ": " + in.text() + "\n(expected answer line " + (i + 1)
                            + ")");
        }
    }

    @Test
    void shouldCoverEveryOpAndEveryEvtchnCommand() throws IOException {
        String script = resource(SCRIPT);
        for (String op : List.of("host", "createdomain", "pause", "unpause", "destroydomain", "evtchn", "hvm",
                "guest", "inspect", "linux")) {
            assertThat(script).as("op %s", op).contains("\"op\":\"" + op + "\"");
        }
        for (String cmd : List.of("bind_interdomain", "bind_virq", "bind_pirq", "close", "send", "status",
                "alloc_unbound", "bind_ipi", "bind_vcpu", "unmask", "reset", "init_control", "expand_array",
                "set_priority", "reset_cont")) {
            assertThat(script).as("cmd %s", cmd).contains("\"cmd\":\"" + cmd + "\"");
        }
        assertThat(script).contains("\"cmd\":15", "\"cmd\":14");
        for (String write : List.of("mask", "pending", "upcall_pending", "upcall_mask", "fifo_mask", "fifo_pending",
                "consume")) {
            assertThat(script).as("guest write %s", write).contains("\"write\":\"" + write + "\"");
        }
        for (String action : List.of("boot", "hibernate", "resume", "save", "restore", "probe")) {
            assertThat(script).as("linux action %s", action).contains("\"action\":\"" + action + "\"");
        }
        assertThat(answeredLines(script)).hasSizeGreaterThanOrEqualTo(80);
    }

    private static List<String> run(String script) throws IOException {
        StringWriter out = new StringWriter();
        HvConsole.run(new BufferedReader(new StringReader(script)), out);
        return script(out.toString());
    }

    private static List<ScriptLine> answeredLines(String script) {
        List<ScriptLine> lines = new ArrayList<>();
        String[] all = script.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            if (!HvConsole.isSilent(all[i])) {
                lines.add(new ScriptLine(i + 1, all[i]));
            }
        }
        return lines;
    }

    private static List<String> script(String text) {
        return text.lines().toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenScriptTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
