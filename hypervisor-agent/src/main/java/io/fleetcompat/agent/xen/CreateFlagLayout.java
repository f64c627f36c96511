package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Bit assignments of the create flags per profile (§1.1). Bits 7 and 8 mean different things per profile,
 * so model code asks a layout for a flag's bit by name instead of hard-wiring ordinals.
 */
public enum CreateFlagLayout {
    /** 4.15 and earlier: bits 0-6, known mask 0x7F, CDF_MAX = 1<<6. */
    XEN_2020(),
    /** v4 patch: bit 7 disable_fifo (deny sense). */
    V4_SERIES(CreateFlagLayout.DISABLE_FIFO),
    /** v5 series and PROPOSED: bit 7 evtchn_fifo, bit 8 evtchn_upcall (permit sense). */
    V5_SERIES(CreateFlag.EVTCHN_FIFO.xenName(), CreateFlag.EVTCHN_UPCALL.xenName()),
    /** Upstream today: bits 7/8 went to other features. */
    UPSTREAM_NOW(CreateFlagLayout.VPMU, CreateFlagLayout.TRAP_UNMAPPED_ACCESSES);

    public static final String DISABLE_FIFO = "disable_fifo";
    public static final String VPMU = "vpmu";
    public static final String TRAP_UNMAPPED_ACCESSES = "trap_unmapped_accesses";

    private final List<String> namesByBit;
    private final Map<String, Integer> bitByName = new HashMap<>();
    /** Index = CreateFlag ordinal: its mask here, 0 where this layout lacks it (asked on every op's checks). */
    private final int[] maskByFlag = new int[CreateFlag.values().length];
    /** names(mask) per mask asked for; an enum constant is shared by every host and thread. */
    private final Map<Integer, List<String>> namesByMask = new java.util.concurrent.ConcurrentHashMap<>();

    CreateFlagLayout(String... extra) {
        List<String> names = new ArrayList<>();
        for (CreateFlag f : CreateFlag.values()) {
            if (f.bit() <= CreateFlag.NESTED_VIRT.bit()) {
                names.add(f.xenName());
            }
        }
        names.addAll(Arrays.asList(extra));
        this.namesByBit = List.copyOf(names);
        for (int bit = 0; bit < namesByBit.size(); bit++) {
            bitByName.put(namesByBit.get(bit), bit);
        }
        for (CreateFlag f : CreateFlag.values()) {
            Integer bit = bitByName.get(f.xenName());
            maskByFlag[f.ordinal()] = bit == null ? 0 : 1 << bit;
        }
    }

    public List<String> namesByBit() {
        return namesByBit;
    }

    public OptionalInt bitOf(String name) {
        Integer bit = bitByName.get(name);
        return bit == null ? OptionalInt.empty() : OptionalInt.of(bit);
    }

    /** The flag's mask, or 0 when this layout has no such flag. */
    public int maskOf(String name) {
        Integer bit = bitByName.get(name);
        return bit == null ? 0 : 1 << bit;
    }

    public int maskOf(CreateFlag flag) {
        return maskByFlag[flag.ordinal()];
    }

    public int knownMask() {
        return (1 << namesByBit.size()) - 1;
    }

    public int cdfMax() {
        return 1 << (namesByBit.size() - 1);
    }

    /**
     * Names of the known bits set in {@code flags}, in bit order; unknown bits are shown as "bitN". A mask of
     * known bits (at most 2^9 of them) is named once; one with unknown bits is named afresh each time.
     */
    public List<String> names(int flags) {
        return (flags & ~knownMask()) == 0 ? namesByMask.computeIfAbsent(flags, this::buildNames) : buildNames(flags);
    }

    private List<String> buildNames(int flags) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < Integer.SIZE; bit++) {
            if ((flags & (1 << bit)) != 0) {
                out.add(bit < namesByBit.size() ? namesByBit.get(bit) : "bit" + bit);
            }
        }
        return List.copyOf(out);
    }

    /** Mask of the named flags; a name this layout does not know is a caller error. */
    public int mask(Collection<String> names) {
        int m = 0;
        for (String n : names) {
            OptionalInt bit = bitOf(n);
            if (bit.isEmpty()) {
                throw new IllegalArgumentException("create flag '" + n + "' is not known in layout " + name());
            }
            m |= 1 << bit.getAsInt();
        }
        return m;
    }
}
