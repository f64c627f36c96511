package io.fleetcompat.agent.xen;

/** The result of createdomain: the new domain, or the errno with the sanitiser's one-line reason. */
public sealed interface CreateResult permits CreateResult.Created, CreateResult.Rejected {

    int rc();

    /** {@code grantedFlags} may differ from the request (PV gets oos_off forced on, §1.2). */
    record Created(int domid, int grantedFlags) implements CreateResult {
        public int rc() {
            return 0;
        }
    }

    record Rejected(Errno errno, String reason) implements CreateResult {
        public int rc() {
            return errno.rc();
        }
    }

    default boolean isCreated() {
        return this instanceof Created;
    }

    /** The new domid; asking a rejection for it is a caller bug. */
    default int domid() {
        if (this instanceof Created) {
            return ((Created) this).domid();
        }
        throw new IllegalStateException("createdomain was rejected: " + this);
    }
}
