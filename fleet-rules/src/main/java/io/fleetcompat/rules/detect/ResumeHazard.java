package io.fleetcompat.rules.detect;

import io.fleetcompat.schema.avro.EvtchnAbi;

/**
 * The hazard of xen-evtchn-model.md §8, the one rule every part of fleetcompat asks: a hibernation image written
 * while the domain ran the 2-level ABI, of a kernel that engages FIFO when Xen offers it, hangs when it is resumed
 * where FIFO is offered (the boot kernel switches the domain to FIFO, the resume kernel reads 2-level bitmaps).
 */
public final class ResumeHazard {

    private ResumeHazard() {
    }

    /**
     * @param imageAbi the ABI the image records (the domain's at shutdown)
     * @param fifoAwareKernel the guest's kernel engages FIFO when offered (it did somewhere, or its profile says so)
     * @param fifoOnOffer a host that offers FIFO may run the resume (the fleet has a FIFO-capable host)
     */
    public static boolean wouldHang(EvtchnAbi imageAbi, boolean fifoAwareKernel, boolean fifoOnOffer) {
        return fifoOnOffer && imageAbi == EvtchnAbi.TWO_LEVEL && fifoAwareKernel;
    }
}
