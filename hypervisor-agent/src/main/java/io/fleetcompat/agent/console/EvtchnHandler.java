package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.xen.EvtchnCmd;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.EvtchnOut;
import io.fleetcompat.agent.xen.GuestHandle;
import io.fleetcompat.agent.xen.OpResult;

import java.util.Map;
import java.util.Optional;

/**
 * {@code evtchn}: event_channel_op as domain {@code caller}. A command number Xen does not define is passed
 * through with no argument, as a guest may (the dispatcher answers -ENOSYS before reading anything).
 */
final class EvtchnHandler implements OpHandler {

    private final ConsoleSession session;

    EvtchnHandler(ConsoleSession session) {
        this.session = session;
    }

    @Override
    public ObjectNode handle(JsonFields line) {
        int caller = session.existingDomain("caller", line.domid("caller"));
        JsonNode cmdNode = line.raw("cmd");
        if (cmdNode == null || cmdNode.isNull()) {
            throw new ConsoleInputException("cmd", "missing");
        }
        Optional<EvtchnCmd> cmd;
        int number;
        if (cmdNode.isTextual()) {
            cmd = Optional.of(EvtchnParser.byName(cmdNode.asText()));
            number = cmd.get().number();
        } else if (cmdNode.isIntegralNumber()) {
            // do_event_channel_op(int cmd, ...): any int is a command Xen answers, if only with -ENOSYS.
            if (!cmdNode.canConvertToInt()) {
                throw new ConsoleInputException("cmd", "integer " + cmdNode + " out of range (event_channel_op's cmd "
                        + "is an int: " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE + ")");
            }
            number = cmdNode.asInt();
            cmd = EvtchnCmd.byNumber(number);
        } else {
            throw JsonFields.wrongType("cmd", "a command name or number", cmdNode);
        }
        GuestHandle<? extends EvtchnIn<?>> arg = cmd.map(c -> GuestHandle.of(EvtchnParser.read(c, line)))
                .orElse(null);
        OpResult<? extends EvtchnOut> result = session.host().eventChannelOp(caller, number, arg);
        return render(result);
    }

    /** rc, errno, and on success the OUT fields under Xen's names ({@code status} by name). */
    static ObjectNode render(OpResult<? extends EvtchnOut> result) {
        ObjectNode answer = Answers.of(result);
        if (!result.isOk()) {
            return answer;
        }
        EvtchnOut out = result.out();
        if (out instanceof EvtchnOut.Status status) {
            answer.put("status", status.status().id());
            status.fields().forEach((name, value) -> {
                if (!name.equals("status")) {
                    answer.put(name, value);
                }
            });
            return answer;
        }
        for (Map.Entry<String, Long> field : out.fields().entrySet()) {
            answer.put(field.getKey(), field.getValue());
        }
        return answer;
    }
}
