package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.OpResult;

import java.math.BigInteger;
import java.util.Collection;

/** The shapes every answer shares: {@code rc} first, {@code errno} beside a negative rc, or {@code error}. */
final class Answers {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Answers() {
    }

    static ObjectNode ok() {
        return JSON.objectNode().put("rc", 0);
    }

    static ObjectNode failed(Errno errno) {
        return JSON.objectNode().put("rc", errno.rc()).put("errno", errno.name());
    }

    /** rc and, when negative, errno; the op's outputs are the caller's to add on success. */
    static ObjectNode of(OpResult<?> result) {
        return result.errno().map(Answers::failed).orElseGet(Answers::ok);
    }

    static ObjectNode error(String reason) {
        return JSON.objectNode().put("error", reason);
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode ints(Collection<? extends Number> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(v -> a.add(v.longValue()));
        return a;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** A 64-bit guest word (the pending selector) shown as the unsigned value the guest reads. */
    static void putUnsigned(ObjectNode node, String field, long value) {
        if (value >= 0) {
            node.put(field, value);
        } else {
            node.put(field, new BigInteger(Long.toUnsignedString(value)));
        }
    }

    /** 0/1 fields are answered as numbers, the way the bits sit in guest memory. */
    static int bit(boolean value) {
        return value ? 1 : 0;
    }
}
