package io.fleetcompat.agent.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of the hv console takes the whole range of the C type it stands for (hv-console.md, the structs of
 * xen-evtchn-model.md §2.3 and §6): at its minimum and its maximum the model answers (here with the errno Xen's
 * checks give a huge port, vCPU, domid or frame), and only one past either end is a console error naming the
 * field. Each row is one field of one op, run after the same preamble: domain 1 (HVM, 2 vCPUs, FIFO and the
 * upcall vector permitted) engaged FIFO with a control block for vCPU0 at gfn 4096, one array page at 8192, and
 * an IPI on port 1.
 */
class ConsoleFieldRangesTest {

    private static final String PREAMBLE = String.join("\n",
            "{\"op\":\"createdomain\",\"domid\":1,\"flags\":[\"hvm\",\"hap\",\"evtchn_fifo\",\"evtchn_upcall\"],"
                    + "\"max_vcpus\":2}",
            "{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"init_control\",\"control_gfn\":4096,\"offset\":0,\"vcpu\":0}",
            "{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"expand_array\",\"array_gfn\":8192}",
            "{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"bind_ipi\",\"vcpu\":0}") + "\n";
    private static final int PREAMBLE_ANSWERS = 4;

    private static final String U32_MAX = "4294967295";
    private static final String DOMID_MAX = "65535";
    private static final String U64_MAX = "18446744073709551615";

    private static final String OK = "{\"rc\":0";
    private static final String EINVAL = "{\"rc\":-22,\"errno\":\"EINVAL\"";
    private static final String ENOENT = "{\"rc\":-2,\"errno\":\"ENOENT\"";
    private static final String ESRCH = "{\"rc\":-3,\"errno\":\"ESRCH\"";
    private static final String EPERM = "{\"rc\":-1,\"errno\":\"EPERM\"";
    private static final String EACCES = "{\"rc\":-13,\"errno\":\"EACCES\"";
    private static final String EEXIST = "{\"rc\":-17,\"errno\":\"EEXIST\"";
    private static final String ENOSYS = "{\"rc\":-38,\"errno\":\"ENOSYS\"";

    /**
     * One field of one op: {@code line} with %s where the value goes; the answers (prefixes) at the type's
     * minimum 0 and at its maximum.
     */
    private static Arguments field(String field, String line, String max, String atMin, String atMax) {
        return Arguments.of(field, line, max, atMin, atMax);
    }

    private static String evtchn(String cmd, String fields) {
        return "{\"op\":\"evtchn\",\"caller\":1,\"cmd\":\"" + cmd + "\"," + fields + "}";
    }

    static Stream<Arguments> unsignedFields() {
        return Stream.of(
                field("remote_dom", evtchn("bind_interdomain", "\"remote_dom\":%s,\"remote_port\":1"), DOMID_MAX,
                        EINVAL, ESRCH),
                field("remote_port", evtchn("bind_interdomain", "\"remote_dom\":\"SELF\",\"remote_port\":%s"),
                        U32_MAX, EINVAL, EINVAL),
                field("virq", evtchn("bind_virq", "\"virq\":%s,\"vcpu\":0"), U32_MAX, OK, EINVAL),
                field("vcpu", evtchn("bind_virq", "\"virq\":0,\"vcpu\":%s"), U32_MAX, OK, ENOENT),
                field("pirq", evtchn("bind_pirq", "\"pirq\":%s"), U32_MAX, OK, EINVAL),
                field("flags", evtchn("bind_pirq", "\"pirq\":5,\"flags\":%s"), U32_MAX, OK, OK),
                field("port", evtchn("close", "\"port\":%s"), U32_MAX, EINVAL, EINVAL),
                field("port", evtchn("send", "\"port\":%s"), U32_MAX, EINVAL, EINVAL),
                // domain 1 is not privileged over dom0 (§2.3 status step 4)
                field("dom", evtchn("status", "\"dom\":%s,\"port\":1"), DOMID_MAX, EPERM, ESRCH),
                field("port", evtchn("status", "\"dom\":\"SELF\",\"port\":%s"), U32_MAX, OK, EINVAL),
                field("dom", evtchn("alloc_unbound", "\"dom\":%s,\"remote_dom\":0"), DOMID_MAX, EPERM, ESRCH),
                // remote_dom is not checked for existence (§2.3 alloc_unbound step 4)
                field("remote_dom", evtchn("alloc_unbound", "\"dom\":\"SELF\",\"remote_dom\":%s"), DOMID_MAX, OK,
                        OK),
                field("vcpu", evtchn("bind_ipi", "\"vcpu\":%s"), U32_MAX, OK, ENOENT),
                field("port", evtchn("bind_vcpu", "\"port\":%s,\"vcpu\":0"), U32_MAX, EINVAL, EINVAL),
                field("vcpu", evtchn("bind_vcpu", "\"port\":1,\"vcpu\":%s"), U32_MAX, EINVAL, ENOENT),
                field("port", evtchn("unmask", "\"port\":%s"), U32_MAX, OK, EINVAL),
                field("dom", evtchn("reset", "\"dom\":%s"), DOMID_MAX, EPERM, ESRCH),
                field("dom", evtchn("reset_cont", "\"dom\":%s"), DOMID_MAX, EPERM, ESRCH),
                field("control_gfn", evtchn("init_control", "\"control_gfn\":%s,\"offset\":0,\"vcpu\":1"), U64_MAX,
                        OK, EINVAL),
                field("offset", evtchn("init_control", "\"control_gfn\":4097,\"offset\":%s,\"vcpu\":1"), U32_MAX,
                        OK, EINVAL),
                // vCPU0 already has its control block (§4.3 step 7)
                field("vcpu", evtchn("init_control", "\"control_gfn\":4097,\"offset\":0,\"vcpu\":%s"), U32_MAX,
                        EINVAL, ENOENT),
                field("array_gfn", evtchn("expand_array", "\"array_gfn\":%s"), U64_MAX, OK, EINVAL),
                // port 0 is RESERVED, so not usable (§2.3 set_priority step 3)
                field("port", evtchn("set_priority", "\"port\":%s,\"priority\":3"), U32_MAX, EACCES, EINVAL),
                field("priority", evtchn("set_priority", "\"port\":1,\"priority\":%s"), U32_MAX, OK, EINVAL),
                // the caller must be a domain on the host: a hypercall needs one to issue it
                field("caller", "{\"op\":\"evtchn\",\"caller\":%s,\"cmd\":\"send\",\"port\":0}", DOMID_MAX, EINVAL,
                        "{\"error\":\"caller: no domain 65535 on this host\"}"),
                field("cmd", "{\"op\":\"hvm\",\"caller\":1,\"cmd\":%s}", U64_MAX, ENOSYS, ENOSYS),
                field("vcpu", "{\"op\":\"hvm\",\"caller\":1,\"cmd\":23,\"vcpu\":%s,\"vector\":243}", U32_MAX, OK,
                        ENOENT),
                field("caller", "{\"op\":\"hvm\",\"caller\":%s,\"cmd\":22}", DOMID_MAX, ENOSYS,
                        "{\"error\":\"caller: no domain 65535 on this host\"}"),
                field("domid", "{\"op\":\"createdomain\",\"domid\":%s,\"flags\":[\"hvm\",\"hap\"]}", DOMID_MAX,
                        EEXIST, EINVAL + ",\"reason\":\"domid 65535 is reserved\"}"),
                field("flags_raw", "{\"op\":\"createdomain\",\"domid\":5,\"flags_raw\":%s}", U32_MAX, OK,
                        EINVAL + ",\"reason\":\"unknown create flags 0xfffffe00\"}"),
                field("max_vcpus", "{\"op\":\"createdomain\",\"domid\":5,\"flags\":[\"hvm\",\"hap\"],\"max_vcpus\":%s}",
                        U32_MAX, EINVAL + ",\"reason\":\"max_vcpus 0 is below 1\"}",
                        EINVAL + ",\"reason\":\"max_vcpus 4294967295 above the limit of 128\"}"),
                // clamped to 2^31 - 1, as Xen does (§2.2)
                field("max_evtchn_port",
                        "{\"op\":\"createdomain\",\"domid\":5,\"flags\":[\"hvm\",\"hap\"],\"max_evtchn_port\":%s}",
                        U32_MAX, OK, OK),
                field("domid", "{\"op\":\"pause\",\"domid\":%s}", DOMID_MAX, OK, ESRCH),
                field("domid", "{\"op\":\"unpause\",\"domid\":%s}", DOMID_MAX, OK, ESRCH),
                field("domid", "{\"op\":\"destroydomain\",\"domid\":%s}", DOMID_MAX, OK, ESRCH),
                // guest writes have no hypercall: a bit or word the guest's memory lacks cannot be written
                field("port", "{\"op\":\"guest\",\"domid\":1,\"write\":\"mask\",\"port\":%s,\"value\":1}", U32_MAX,
                        OK, "{\"error\":\"port: port 4294967295 is outside the shared-info bitmaps (0..4095)\"}"),
                field("port", "{\"op\":\"guest\",\"domid\":1,\"write\":\"fifo_pending\",\"port\":%s,\"value\":1}",
                        U32_MAX, OK, "{\"error\":\"port: port 4294967295 has no FIFO event word in domain 1"),
                field("vcpu", "{\"op\":\"guest\",\"domid\":1,\"write\":\"upcall_pending\",\"vcpu\":%s,\"value\":1}",
                        U32_MAX, OK, "{\"error\":\"vcpu: domain 1 has no vcpu 4294967295\"}"),
                field("domid", "{\"op\":\"inspect\",\"domid\":%s,\"port\":1}", DOMID_MAX, OK,
                        "{\"error\":\"domid: no domain 65535 on this host\"}"));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("unsignedFields")
    void shouldLetTheModelAnswerAtBothEndsOfTheType(String field, String line, String max, String atMin,
                                                    String atMax) throws IOException {
        assertThat(answer(line.formatted("0"))).startsWith(atMin);
        assertThat(answer(line.formatted(max))).startsWith(atMax);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("unsignedFields")
    void shouldRefuseOnePastEitherEndNamingTheField(String field, String line, String max, String atMin,
                                                    String atMax) throws IOException {
        String onePast = new BigInteger(max).add(BigInteger.ONE).toString();
        assertThat(answer(line.formatted(onePast)))
                .startsWith("{\"error\":\"" + field + ": integer " + onePast + " out of range (");
        assertThat(answer(line.formatted("-1"))).startsWith("{\"error\":\"" + field + ": must be 0 or more, got -1 (");
    }

    static Stream<Arguments> otherFields() {
        String cmd = "{\"op\":\"evtchn\",\"caller\":1,\"cmd\":%s}";
        String vector = "{\"op\":\"hvm\",\"caller\":1,\"cmd\":23,\"vcpu\":0,\"vector\":%s}";
        String inspect = "{\"op\":\"inspect\",\"domid\":1,\"port\":%s}";
        return Stream.of(
                // do_event_channel_op(int cmd, ...): a signed int, and every number Xen does not define is -ENOSYS
                Arguments.of(cmd, "-2147483648", ENOSYS),
                Arguments.of(cmd, "2147483647", ENOSYS),
                Arguments.of(cmd, "-2147483649", "{\"error\":\"cmd: integer -2147483649 out of range"),
                Arguments.of(cmd, "2147483648", "{\"error\":\"cmd: integer 2147483648 out of range"),
                // the uint8_t vector: below 0x10 is Xen's -EINVAL (§6)
                Arguments.of(vector, "0", EINVAL),
                Arguments.of(vector, "255", OK),
                Arguments.of(vector, "256", "{\"error\":\"vector: must fit in a uint8_t (0..255), got 256\"}"),
                Arguments.of(vector, "-1", "{\"error\":\"vector: must fit in a uint8_t (0..255), got -1\"}"),
                // inspect reads Xen's state (no hypercall): a port that is not valid has none to show
                Arguments.of(inspect, "0", OK),
                Arguments.of(inspect, U32_MAX,
                        "{\"error\":\"port: port 4294967295 is not valid in domain 1 (64 ports materialised)\"}"),
                Arguments.of(inspect, "4294967296", "{\"error\":\"port: port 4294967296 is not valid in domain 1 "
                        + "(an evtchn_port_t is 0..4294967295)\"}"),
                Arguments.of(inspect, "-1", "{\"error\":\"port: port -1 is not valid in domain 1 "));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("otherFields")
    void shouldAnswerFieldsOfOtherTypesByTheirOwnRange(String line, String value, String answer) throws IOException {
        assertThat(answer(line.formatted(value))).startsWith(answer);
    }

    /** The answer to {@code line} after the preamble, which must itself have been answered without error. */
    private static String answer(String line) throws IOException {
        StringWriter out = new StringWriter();
        HvConsole.run(new BufferedReader(new StringReader(PREAMBLE + line + "\n")), out);
        String[] answers = out.toString().lines().toArray(String[]::new);
        assertThat(answers).hasSize(PREAMBLE_ANSWERS + 1);
        assertThat(answers[PREAMBLE_ANSWERS - 1]).isEqualTo("{\"rc\":0,\"port\":1}");
        return answers[PREAMBLE_ANSWERS];
    }
}
