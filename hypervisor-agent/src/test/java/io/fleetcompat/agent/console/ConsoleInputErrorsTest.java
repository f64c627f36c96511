package io.fleetcompat.agent.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused line names the offending field, and the console answers the next line as usual. */
class ConsoleInputErrorsTest {

    private static final String DOMAIN = "{\"op\":\"createdomain\",\"domid\":1,\"flags\":[\"hvm\",\"hap\"]}";

    static Stream<Arguments> refusedLines() {
        return Stream.of(
                Arguments.of("{\"op\":", "line: invalid JSON"),
                Arguments.of("{\"op\":\"host\"} {}", "line: invalid JSON"),
                Arguments.of("\"host\"", "line: expected a JSON object, got \"host\""),
                Arguments.of("{\"domid\":1}", "op: missing"),
                Arguments.of("{\"op\":7}", "op: expected a string, got 7"),
                Arguments.of("{\"op\":\"migrate\"}", "op: unknown op 'migrate'"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"notify\"}",
                        "cmd: unknown evtchn command 'notify'"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1,\"cmd\":4.5}",
                        "cmd: expected a command name or number, got 4.5"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1}", "cmd: missing"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"close\",\"port\":true}",
                        "port: expected an integer, got true"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"close\",\"port\":1,\"vcpu\":0}",
                        "vcpu: unknown field for this op"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"close\",\"port\":4294967296}",
                        "port: integer 4294967296 out of range"),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"status\",\"dom\":\"ME\",\"port\":1}",
                        "dom: expected a domain id or \"SELF\", got \"ME\""),
                Arguments.of("{\"op\":\"evtchn\",\"caller\":5,\"cmd\":\"send\",\"port\":1}",
                        "caller: no domain 5 on this host"),
                Arguments.of("{\"op\":\"hvm\",\"caller\":1,\"cmd\":\"set_callback_irq\"}",
                        "cmd: unknown hvm command 'set_callback_irq'"),
                Arguments.of("{\"op\":\"hvm\",\"caller\":1,\"cmd\":23,\"vcpu\":0,\"vector\":256}",
                        "vector: must fit in a uint8_t (0..255), got 256"),
                Arguments.of("{\"op\":\"createdomain\",\"domid\":2,\"flags\":[\"hvm\",\"vpmu\"]}",
                        "flags: unknown create flag 'vpmu' for profile PROPOSED"),
                Arguments.of("{\"op\":\"createdomain\",\"domid\":2,\"flags\":[\"hvm\"],\"flags_raw\":1}",
                        "flags_raw: give either flags or flags_raw, not both"),
                Arguments.of("{\"op\":\"createdomain\",\"domid\":2,\"guest_width\":48}",
                        "guest_width: must be 32 or 64, got 48"),
                Arguments.of("{\"op\":\"createdomain\",\"domid\":-1}", "domid: must be 0 or more, got -1"),
                Arguments.of("{\"op\":\"host\",\"profile\":\"XEN_4_99\"}", "profile: unknown profile 'XEN_4_99'"),
                Arguments.of("{\"op\":\"host\",\"profile\":\"XEN_2020\",\"fifo_built_in\":false}",
                        "fifo_built_in: profile XEN_2020 has no FIFO build switch"),
                Arguments.of("{\"op\":\"guest\",\"domid\":1,\"write\":\"scribble\"}",
                        "write: unknown guest write 'scribble'"),
                Arguments.of("{\"op\":\"guest\",\"domid\":1,\"write\":\"fifo_mask\",\"port\":1,\"value\":1}",
                        "port: port 1 has no FIFO event word in domain 1"),
                Arguments.of("{\"op\":\"guest\",\"domid\":1,\"write\":\"upcall_mask\",\"vcpu\":3,\"value\":1}",
                        "vcpu: domain 1 has no vcpu 3"),
                Arguments.of("{\"op\":\"inspect\",\"domid\":8}", "domid: no domain 8 on this host"),
                Arguments.of("{\"op\":\"inspect\",\"domid\":1,\"port\":-1}", "port: port -1 is not valid"),
                Arguments.of("{\"op\":\"linux\",\"domid\":1,\"action\":\"kexec\"}",
                        "action: unknown linux action 'kexec'"),
                Arguments.of("{\"op\":\"linux\",\"domid\":1,\"action\":\"probe\"}",
                        "domid: no guest kernel runs in domain 1"),
                Arguments.of("{\"op\":\"linux\",\"domid\":1,\"action\":\"boot\",\"vcpus\":2}",
                        "vcpus: must be 1..1 for domain 1, got 2"),
                Arguments.of("{\"op\":\"linux\",\"domid\":1,\"action\":\"restore\",\"image\":\"img-1\"}",
                        "image: no image 'img-1' in this console session"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedLines")
    void shouldAnswerAnErrorNamingTheFieldAndGoOn(String line, String reasonStart) throws IOException {
        String[] answers = run(DOMAIN + "\n" + line + "\n{\"op\":\"pause\",\"domid\":1}\n");
        assertThat(answers).hasSize(3);
        assertThat(answers[0]).isEqualTo("{\"rc\":0}");
        assertThat(answers[1]).startsWith("{\"error\":\"" + reasonStart.replace("\"", "\\\""));
        assertThat(answers[2]).isEqualTo("{\"rc\":0}");
    }

    @Test
    void shouldAnswerNothingForBlankAndCommentLines() throws IOException {
        assertThat(run("\n   \n# a comment\n  # indented comment\n")).isEmpty();
    }

    @Test
    void shouldAcceptBooleansAndNumbersForBitFields() throws IOException {
        String[] answers = run(DOMAIN + "\n"
                + "{\"op\":\"guest\",\"domid\":1,\"write\":\"mask\",\"port\":3,\"value\":true}\n"
                + "{\"op\":\"guest\",\"domid\":1,\"write\":\"pending\",\"port\":3,\"value\":1}\n"
                + "{\"op\":\"inspect\",\"domid\":1,\"port\":3}\n");
        assertThat(answers[3])
                .isEqualTo("{\"rc\":0,\"port\":3,\"state\":\"free\",\"vcpu\":0,\"pending\":1,\"masked\":1}");
    }

    @Test
    void shouldNumberImagesPerSession() throws IOException {
        String boot = "{\"op\":\"linux\",\"domid\":1,\"action\":\"boot\"}\n";
        String hibernate = "{\"op\":\"linux\",\"domid\":1,\"action\":\"hibernate\"}\n";
        String script = DOMAIN + "\n" + boot + hibernate + DOMAIN + "\n" + boot + hibernate;
        String[] first = run(script);
        assertThat(first[2]).contains("\"image\":\"img-1\"");
        assertThat(first[5]).contains("\"image\":\"img-2\"");
        assertThat(run(script)).containsExactly(first);
    }

    private static String[] run(String script) throws IOException {
        StringWriter out = new StringWriter();
        HvConsole.run(new BufferedReader(new StringReader(script)), out);
        return out.toString().lines().toArray(String[]::new);
    }
}
