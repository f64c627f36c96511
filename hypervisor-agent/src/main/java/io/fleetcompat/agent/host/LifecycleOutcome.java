package io.fleetcompat.agent.host;

/** How a lifecycle step that creates or keeps a domain ended. */
public enum LifecycleOutcome {
    /** The guest runs and handles its events. */
    DONE,
    /** A hibernation resume completed but the guest handles no events (§8): it looks hung. */
    RESUMED_HUNG,
    /** The restored kernel hit BUG() (§7.4); its domain was destroyed as crashed. */
    GUEST_CRASHED,
    /** The toolstack or Xen refused the create; DomainCreateRefused says why. */
    REFUSED,
    /** Nothing to do: unknown guest, or a step the guest's kernel model does not support. */
    NOT_APPLICABLE
}
