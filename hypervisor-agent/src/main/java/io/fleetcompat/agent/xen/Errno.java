package io.fleetcompat.agent.xen;

import java.util.Arrays;
import java.util.Optional;

/** Xen public errno values (§0.2); an op returns the negative. */
public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), EBUSY(16),
    EEXIST(17), EINVAL(22), ENOSPC(28), ENOSYS(38),
    /** Internal only: turned into a continuation by the dispatcher, never seen by a caller. */
    ERESTART(85),
    EOPNOTSUPP(95);

    private final int value;
    /** One shared present Optional per errno: the model returns these on hot paths (a close per port). */
    private final Optional<Errno> asOptional = Optional.of(this);

    Errno(int value) {
        this.value = value;
    }

    public Optional<Errno> asOptional() {
        return asOptional;
    }

    public int value() {
        return value;
    }

    /** The hypercall return code, e.g. -22 for EINVAL. */
    public int rc() {
        return -value;
    }

    public static Optional<Errno> fromValue(int value) {
        int v = Math.abs(value);
        return Arrays.stream(values()).filter(e -> e.value == v).findFirst();
    }
}
