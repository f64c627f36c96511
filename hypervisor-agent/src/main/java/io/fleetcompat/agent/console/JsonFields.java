package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetcompat.agent.xen.Domain;

import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed reads of one script line. Every failure is a {@link ConsoleInputException} naming the field, so a
 * script author sees which key to fix; nothing is coerced silently (a string is never read as a number).
 */
final class JsonFields {

    static final String SELF = "SELF";

    private final JsonNode line;

    JsonFields(JsonNode line) {
        this.line = line;
    }

    boolean has(String field) {
        return line.has(field) && !line.get(field).isNull();
    }

    JsonNode raw(String field) {
        return line.get(field);
    }

    /** Refuses keys the op does not read: a typo must not silently become a default. */
    void onlyKnown(Set<String> allowed) {
        Iterator<String> names = line.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConsoleInputException(name, "unknown field for this op");
            }
        }
    }

    String string(String field) {
        JsonNode n = require(field);
        if (!n.isTextual()) {
            throw wrongType(field, "a string", n);
        }
        return n.asText();
    }

    Optional<String> optString(String field) {
        return has(field) ? Optional.of(string(field)) : Optional.empty();
    }

    int integer(String field) {
        long v = longValue(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConsoleInputException(field, "integer " + v + " out of range");
        }
        return (int) v;
    }

    int integer(String field, int defaultValue) {
        return has(field) ? integer(field) : defaultValue;
    }

    long longValue(String field) {
        return asLong(field, require(field));
    }

    OptionalLong optLong(String field) {
        return has(field) ? OptionalLong.of(longValue(field)) : OptionalLong.empty();
    }

    /** A domid_t where Xen accepts DOMID_SELF: 0..65535 or the string "SELF". */
    int domidOrSelf(String field) {
        JsonNode n = require(field);
        if (n.isTextual()) {
            if (SELF.equals(n.asText())) {
                return Domain.DOMID_SELF;
            }
            throw new ConsoleInputException(field, "expected a domain id or \"SELF\", got " + n);
        }
        return domid(field);
    }

    /** A domid_t: 0..65535. */
    int domid(String field) {
        return (int) unsigned(field, CType.DOMID);
    }

    /** A uint32_t or evtchn_port_t: 0..4294967295, as the int with the same 32 bits. */
    int u32(String field, CType type) {
        return (int) unsigned(field, type);
    }

    int u32(String field, CType type, int defaultValue) {
        return has(field) ? u32(field, type) : defaultValue;
    }

    /** Any unsigned C type up to 64 bits; a value above 2^63 - 1 comes back as its two's complement. */
    long unsigned(String field, CType type) {
        JsonNode n = require(field);
        if (!n.isIntegralNumber()) {
            throw wrongType(field, "an integer", n);
        }
        return type.check(field, n.bigIntegerValue());
    }

    /** A 0/1 field, written as a number or a boolean (hv-console.md "Values"). */
    boolean flag(String field) {
        JsonNode n = require(field);
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber() && (n.asLong() == 0 || n.asLong() == 1)) {
            return n.asLong() == 1;
        }
        throw wrongType(field, "0, 1, true or false", n);
    }

    boolean flag(String field, boolean defaultValue) {
        return has(field) ? flag(field) : defaultValue;
    }

    private JsonNode require(String field) {
        if (!has(field)) {
            throw new ConsoleInputException(field, "missing");
        }
        return line.get(field);
    }

    static long asLong(String field, JsonNode n) {
        if (!n.isIntegralNumber()) {
            throw wrongType(field, "an integer", n);
        }
        if (!n.canConvertToLong()) {
            throw new ConsoleInputException(field, "integer " + n + " out of range");
        }
        return n.asLong();
    }

    static ConsoleInputException wrongType(String field, String expected, JsonNode got) {
        return new ConsoleInputException(field, "expected " + expected + ", got " + got);
    }
}
