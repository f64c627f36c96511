package io.fleetcompat.agent.console;

import java.math.BigInteger;

/**
 * The C types of Xen's structs that console fields stand for (hv-console.md, xen-evtchn-model.md §2.3, §6): a
 * field accepts every value of its type, and the model answers with Xen's errno where Xen refuses one; only a
 * value no such C variable can hold is a console error.
 */
enum CType {
    UINT8("a uint8_t", 8),
    DOMID("a domid_t", 16),
    UINT32("a uint32_t", 32),
    EVTCHN_PORT("an evtchn_port_t", 32),
    UINT64("a uint64_t", 64),
    /** hvm_op's sub-op argument (do_hvm_op(unsigned long op, ...) on a 64-bit hypervisor). */
    UNSIGNED_LONG("an unsigned long", 64);

    /** The type's C name with its article, as the error text uses it. */
    private final String cName;
    private final BigInteger max;

    CType(String cName, int bits) {
        this.cName = cName;
        this.max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    BigInteger max() {
        return max;
    }

    /**
     * The value's bits as a long: a 32-bit value is 0..4294967295, a 64-bit one above 2^63 - 1 comes back
     * negative (its two's complement), as the same bits in a C register would.
     */
    long check(String field, BigInteger value) {
        if (value.signum() < 0) {
            throw new ConsoleInputException(field, "must be 0 or more, got " + value + " (" + range() + ")");
        }
        if (value.compareTo(max) > 0) {
            throw new ConsoleInputException(field, "integer " + value + " out of range (" + range() + ")");
        }
        return value.longValue();
    }

    private String range() {
        return cName + " is 0.." + max;
    }
}
