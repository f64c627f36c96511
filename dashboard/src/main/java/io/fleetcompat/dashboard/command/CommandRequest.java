package io.fleetcompat.dashboard.command;

/**
 * The body of an operator action. Fields are plain strings so a wrong value gets a message naming it
 * instead of a generic JSON error.
 *
 * @param action APPROVE, PAUSE, RESUME, ABORT, ROLLBACK (rollouts) or PIN, UNPIN (guests)
 * @param reason why, in the operator's words; required
 * @param evtchnFifo for PIN: PERMIT, DENY or UNSET
 * @param evtchnUpcall for PIN: PERMIT, DENY or UNSET (default UNSET)
 */
public record CommandRequest(String action, String reason, String evtchnFifo, String evtchnUpcall) {
}
