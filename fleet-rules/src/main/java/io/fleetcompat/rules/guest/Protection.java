package io.fleetcompat.rules.guest;

/**
 * What protection did for one guest, counted for /stats and the report.
 *
 * @param resumesByDirective resumes of a hibernation image created under the guest's own directive bound to that
 *                           image, denying evtchn_fifo
 * @param resumesAtEdge resumes the agent's edge fail-safe denied evtchn_fifo itself (no directive spoke)
 * @param denialsLifted LIFTED versions of the guest's directive that had denied evtchn_fifo
 * @param backOnFifo GuestBooted with FIFO after a denial of the guest was lifted (once per lift)
 * @param liftAwaitingFifo a denial was lifted and the guest has not booted FIFO since
 */
public record Protection(int resumesByDirective, int resumesAtEdge, int denialsLifted, int backOnFifo,
                         boolean liftAwaitingFifo) {

    public static final Protection NONE = new Protection(0, 0, 0, 0, false);

    public Protection resumeByDirective() {
        return new Protection(resumesByDirective + 1, resumesAtEdge, denialsLifted, backOnFifo, liftAwaitingFifo);
    }

    public Protection resumeAtEdge() {
        return new Protection(resumesByDirective, resumesAtEdge + 1, denialsLifted, backOnFifo, liftAwaitingFifo);
    }

    public Protection denialLifted() {
        return new Protection(resumesByDirective, resumesAtEdge, denialsLifted + 1, backOnFifo, true);
    }

    /** A boot with FIFO: counts once after a lift. */
    public Protection bootedFifo() {
        return liftAwaitingFifo ? new Protection(resumesByDirective, resumesAtEdge, denialsLifted, backOnFifo + 1,
                false) : this;
    }
}
