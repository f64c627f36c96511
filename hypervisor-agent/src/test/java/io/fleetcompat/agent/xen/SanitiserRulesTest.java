package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.D;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §1.2 sanitisation order (first match wins), the PV oos_off rule, the Arm rule and the §1.4/§1.5 flag checks. */
class SanitiserRulesTest {

    private static final CreateFlagLayout V5 = CreateFlagLayout.V5_SERIES;
    private static final int HVM = V5.maskOf(CreateFlag.HVM);
    private static final int HAP = V5.maskOf(CreateFlag.HAP);
    private static final int S3 = V5.maskOf(CreateFlag.S3_INTEGRITY);
    private static final int OOS_OFF = V5.maskOf(CreateFlag.OOS_OFF);
    private static final int IOMMU = V5.maskOf(CreateFlag.IOMMU);
    private static final int NESTED = V5.maskOf(CreateFlag.NESTED_VIRT);
    private static final int FIFO = V5.maskOf(CreateFlag.EVTCHN_FIFO);
    private static final int UPCALL = V5.maskOf(CreateFlag.EVTCHN_UPCALL);

    private static String rejected(XenHost host, DomainConfig cfg) {
        CreateResult r = host.createDomain(cfg);
        assertThat(r.rc()).as("rc of %s", cfg).isEqualTo(Errno.EINVAL.rc());
        return ((CreateResult.Rejected) r).reason();
    }

    @Test
    void unknownFlagWinsOverEveryLaterCheck() {
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        // bit 7 unknown, max_vcpus 0 and hap without hvm all at once: step 1 answers
        assertThat(rejected(host, DomainConfig.of(D, 0x80 | HAP, 0))).contains("unknown create flags 0x80");
    }

    @Test
    void maxVcpusBeforeHapWithoutHvm() {
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        assertThat(rejected(host, DomainConfig.of(D, HAP, 0))).contains("max_vcpus 0");
        assertThat(rejected(host, DomainConfig.of(D, HAP, 1))).contains("HAP requested for a non-HVM domain");
    }

    @Test
    void iommuChecksComeBeforeTheArchChecks() {
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        // nested_virt without hap would fail step 6; the IOMMU problems of step 4 answer first
        assertThat(rejected(host, DomainConfig.of(D, HVM | IOMMU | NESTED, 1).withIommuOpts(0x2)))
                .contains("unknown IOMMU options");
        assertThat(rejected(host, DomainConfig.of(D, HVM | IOMMU | NESTED, 1))).contains("IOMMU requested");
        assertThat(rejected(host, DomainConfig.of(D, HVM | NESTED, 1).withIommuOpts(0x1)))
                .contains("IOMMU options given without an IOMMU");
        assertThat(rejected(host, DomainConfig.of(D, HVM | NESTED, 1))).contains("nested");
    }

    @Test
    void x86ArchChecksInOrder() {
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        assertThat(rejected(host, DomainConfig.of(D, HVM | HAP, HostConfig.X86_MAX_VCPUS + 1)))
                .contains("above the limit");
        assertThat(rejected(host, DomainConfig.of(D, HVM | HAP | S3, 1))).contains("tboot");
        assertThat(rejected(host, DomainConfig.of(D, HVM | HAP, 1).withArchMiscFlags(0x2)))
                .contains("arch misc flags");
        assertThat(host.createDomain(DomainConfig.of(D, HVM | HAP | NESTED, 1)).rc()).isZero();
    }

    @Test
    void pvDomainsGetOosOffForcedOn() {
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        // When a PV domain is created without oos_off
        CreateResult r = host.createDomain(DomainConfig.of(D, 0, 1));
        // Then it is accepted and runs with oos_off set; an HVM domain keeps its flags as asked
        assertThat(r.rc()).isZero();
        assertThat(host.requireDomain(D).flags()).isEqualTo(OOS_OFF);
        assertThat(host.inspect(D).flags()).containsExactly("oos_off");
        host.createDomain(DomainConfig.of(2, HVM | HAP, 1));
        assertThat(host.requireDomain(2).flags()).isEqualTo(HVM | HAP);
    }

    @Test
    void armNeedsExactlyHvmHapAfterRemovingIommu() {
        XenHost host = new XenHost(HostConfig.of(XenProfile.XEN_2020).withArch(Arch.ARM).withIommuPresent(true));
        assertThat(host.createDomain(DomainConfig.of(1, HVM | HAP, 1)).rc()).isZero();
        assertThat(host.createDomain(DomainConfig.of(2, HVM | HAP | IOMMU, 1)).rc()).isZero();
        assertThat(rejected(host, DomainConfig.of(3, HVM, 1))).contains("Arm");
        assertThat(rejected(host, DomainConfig.of(3, HVM | HAP | S3, 1))).contains("Arm");
        assertThat(rejected(host, DomainConfig.of(3, HVM | HAP | OOS_OFF, 1))).contains("Arm");
    }

    @Test
    void armAcceptsEvtchnFifoButNotEvtchnUpcall() {
        XenHost host = new XenHost(HostConfig.of(XenProfile.PROPOSED).withArch(Arch.ARM));
        assertThat(host.createDomain(DomainConfig.of(1, HVM | HAP | FIFO, 1)).rc()).isZero();
        assertThat(rejected(host, DomainConfig.of(2, HVM | HAP | UPCALL, 1))).contains("Arm");
    }

    @Test
    void evtchnUpcallOnlyForHvmOnX86() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        assertThat(rejected(host, DomainConfig.of(1, UPCALL | FIFO, 1))).contains("evtchn_upcall");
        assertThat(host.createDomain(DomainConfig.of(2, HVM | HAP | UPCALL, 1)).rc()).isZero();
    }

    @Test
    void buildSwitchRejectsEvtchnFifoLikeAMissingFeature() {
        XenHost host = new XenHost(HostConfig.of(XenProfile.PROPOSED).withFifoBuiltIn(false));
        // A PV domain with evtchn_upcall would fail the arch check; the build switch answers first
        assertThat(rejected(host, DomainConfig.of(1, FIFO | UPCALL, 1))).contains("evtchn_fifo");
        // The capability query reports no FIFO, so dom0 and the toolstack omit the flag
        assertThat(host.config().hostHasFifo()).isFalse();
        assertThat(host.inspect(0).flags()).doesNotContain("evtchn_fifo");
        assertThat(new Toolstack(host).defaultFlags(Toolstack.GuestSpec.hvm(1, 1)) & FIFO).isZero();
    }

    @Test
    void proposedKnownMaskIs0x1ff() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        assertThat(rejected(host, DomainConfig.of(1, HVM | HAP | 0x200, 1))).contains("unknown create flags 0x200");
        assertThat(host.createDomain(DomainConfig.of(1, HVM | HAP | FIFO | UPCALL, 1)).rc()).isZero();
    }
}
