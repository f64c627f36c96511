package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.schema.avro.CreateRefusalReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;

/** Model values to the wire enums the records carry. */
final class ModelMapping {

    /** Linux prefixes its event-channel messages with pr_fmt "xen:events: ". */
    static final String LINUX_LOG_PREFIX = "xen:events: ";

    private ModelMapping() {
    }

    static EvtchnAbi abi(AbiMode mode) {
        return mode == AbiMode.FIFO ? EvtchnAbi.FIFO : EvtchnAbi.TWO_LEVEL;
    }

    /** The sanitiser gives one-line reasons only; these are the ones a toolstack can cause (§1.2, §1.5). */
    static CreateRefusalReason xenRefusal(String sanitiserReason) {
        if (sanitiserReason.startsWith("evtchn_fifo requested but")) {
            return CreateRefusalReason.FIFO_NOT_BUILT_IN;
        }
        if (sanitiserReason.startsWith("evtchn_upcall requested for a non-HVM")) {
            return CreateRefusalReason.UPCALL_NOT_HVM;
        }
        if (sanitiserReason.startsWith("unknown create flags")) {
            return CreateRefusalReason.UNKNOWN_CREATE_FLAG;
        }
        return CreateRefusalReason.OTHER;
    }

    /** LinuxLifecycle's BUG lines: the ABI resume hook's init_control, or a VIRQ/IPI re-bind. */
    static ResumeFailureSymptom restoreBug(String bugReason) {
        return bugReason.contains("init_control") ? ResumeFailureSymptom.INIT_CONTROL_BUG
                : ResumeFailureSymptom.REBIND_BUG;
    }
}
