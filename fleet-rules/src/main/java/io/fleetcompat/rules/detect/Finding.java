package io.fleetcompat.rules.detect;

import java.util.List;

/** Something a detector found about one guest; the policy decider turns findings into directives. */
public sealed interface Finding {

    /** Event ids the finding rests on, oldest first. */
    List<String> evidence();

    /**
     * Image records 2-level, the kernel is FIFO-aware and a FIFO-capable host may run the resume.
     * @param imageId the pending image whose resume would hang
     */
    record PredictiveHazard(String imageId, List<String> evidence) implements Finding {
    }

    /**
     * A resume failed with the signature of xen-evtchn-model.md 8 (Xen FIFO, image 2-level).
     * @param imageId the image, when it is still pending (a GuestResumeFailed: the resume is retried); null when
     *                the failed resume used it up (an unhealthy GuestResumed): nothing is left to protect
     */
    record ResumeFailureSignature(String imageId, List<String> evidence) implements Finding {
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
    record FifoImageUnderFamilyDenial(String imageId, List<String> familyKeys, List<String> evidence)
            implements Finding {
        public FifoImageUnderFamilyDenial {
            familyKeys = List.copyOf(familyKeys);
        }
    }

    /**
     * The image an image-bound directive was issued for was consumed: resumed (GuestResumed of that image), or
     * discarded by a fresh boot. The directive protects nothing any more.
     */
    record ImageConsumed(String imageId, List<String> evidence) implements Finding {
    }

    /**
     * A FIFO-denied domain ran out of 2-level ports (its first -ENOSPC from a binding op): the cost that weighs
     * against denial.
     */
    record PortLimitCost(String hostId, int domid, List<String> evidence) implements Finding {
    }
}
