package io.fleetcompat.agent.xen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §1.1's OCaml cross-check, in Java: one constant per bit, in bit order, the last one equal to CDF_MAX. */
class CreateFlagTest {

    @Test
    void cdfMaxIsTheLastDeclaredFlag() {
        assertThat(CreateFlag.CDF_MAX).isEqualTo(1 << (CreateFlag.values().length - 1));
    }

    @Test
    void declaredOrderIsTheBitNumber() {
        for (CreateFlag f : CreateFlag.values()) {
            assertThat(f.mask()).as(f.name()).isEqualTo(1 << f.ordinal());
        }
    }

    @Test
    void layoutsGiveBits7And8ProfileDependentMeanings() {
        assertThat(CreateFlagLayout.XEN_2020.knownMask()).isEqualTo(0x7F);
        assertThat(CreateFlagLayout.XEN_2020.cdfMax()).isEqualTo(1 << 6);
        assertThat(CreateFlagLayout.V4_SERIES.bitOf(CreateFlagLayout.DISABLE_FIFO)).hasValue(7);
        assertThat(CreateFlagLayout.V5_SERIES.bitOf("evtchn_fifo")).hasValue(7);
        assertThat(CreateFlagLayout.V5_SERIES.bitOf("evtchn_upcall")).hasValue(8);
        assertThat(CreateFlagLayout.V5_SERIES.knownMask()).isEqualTo(0x1FF);
        assertThat(CreateFlagLayout.V5_SERIES.cdfMax()).isEqualTo(CreateFlag.CDF_MAX);
        assertThat(CreateFlagLayout.UPSTREAM_NOW.bitOf(CreateFlagLayout.VPMU)).hasValue(7);
        assertThat(CreateFlagLayout.UPSTREAM_NOW.maskOf(CreateFlag.EVTCHN_FIFO)).isZero();
    }
}
