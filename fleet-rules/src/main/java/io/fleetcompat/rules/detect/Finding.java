package io.fleetcompat.rules.detect;

import java.util.List;

/** Something a detector found about one guest; the policy decider turns findings into directives. */
public sealed interface Finding {

    /** Event ids the finding rests on, oldest first. */
    List<String> evidence();

    /** Image records 2-level, the kernel is FIFO-aware and a FIFO-capable host may run the resume. */
    record PredictiveHazard(List<String> evidence) implements Finding {
    }

    /** A resume failed with the signature of xen-evtchn-model.md 8 (Xen FIFO, image 2-level). */
    record ResumeFailureSignature(List<String> evidence) implements Finding {
    }

    /** A FIFO-engaged guest would be restored (or was refused) into a FIFO-denied domain (7.4). */
    record InterlockNeeded(String why, List<String> evidence) implements Finding {
    }

    /** A denied guest booted fresh with no image pending and later hibernated under FIFO. */
    record LiftEligible(List<String> evidence) implements Finding {
    }

    /**
     * The guest's pending hibernation image records FIFO while a family directive denies evtchn_fifo to its kernel
     * family ({@code familyKeys}, on those Xen profiles): the resume kernel would assume FIFO in a domain denied it,
     * so the guest needs its own permit until it has resumed.
     */
    record FifoImageUnderFamilyDenial(List<String> familyKeys, List<String> evidence) implements Finding {
        public FifoImageUnderFamilyDenial {
            familyKeys = List.copyOf(familyKeys);
        }
    }

    /** A permit issued for a FIFO hibernation image is no longer needed: the image was resumed or the guest booted fresh. */
    record ImageConsumed(List<String> evidence) implements Finding {
    }

    /**
     * A FIFO-denied domain ran out of 2-level ports (its first -ENOSPC from a binding op): the cost that weighs
     * against denial.
     */
    record PortLimitCost(String hostId, int domid, List<String> evidence) implements Finding {
    }
}
