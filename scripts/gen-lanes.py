#!/usr/bin/env python3
"""Generates the sixteen-lane BN254 field kernels on the Java Vector API (jdk.incubator.vector), in
folding/src/main/java/foldproof/folding/ec/: LaneLimbs (what does not depend on the modulus), FqLanes (the
MSM's batched affine additions) and FrLanes (the folding's element-wise vector kernels).

Representation ("lane form"): an element x is x * 2^256 mod p (the scalar field class's own Montgomery
form), fully reduced, as five 51-bit limbs. Sixteen elements form a group of four 4-lane sets; set s,
limb j, lane l is at offset + 20 s + 4 j + l (80 longs per group).

Multiplication: limb products with the double-precision FMA split (one FMA rounds a*b + 2^103 to a
multiple of 2^51, giving the high part in the mantissa; a second FMA recovers the low part exactly,
biased into [2^52, 2^53) so its bit pattern is the integer), column sums in 64-bit integer lanes, then
five Montgomery rounds (m = t0 * (-p^-1) mod 2^51, also by the FMA split), one halving (add p if odd,
shift) so that R = 2^256 as in Fq and Fr, and one conditional subtraction. The reduction rounds, whose
serial m -> carry chain is the latency bottleneck, run two sets per call and alternate between the two
pairs of sets, so that four independent chains are in flight. The kernel is split into product / round /
finish methods: each stays within C1's and C2's limits (one method with everything is left at tier 2 by
C1's register allocator and never reaches C2).

Usage: scripts/gen-lanes.py limbs > folding/src/main/java/foldproof/folding/ec/LaneLimbs.java
       scripts/gen-lanes.py fq > folding/src/main/java/foldproof/folding/ec/FqLanes.java
       scripts/gen-lanes.py fr > folding/src/main/java/foldproof/folding/ec/FrLanes.java
LaneLimbs holds what does not depend on the modulus (layout, load/store, the limb product); FqLanes and
FrLanes the Montgomery reduction, multiplication and subtraction for their modulus.
"""
import sys

FIELD = sys.argv[1] if len(sys.argv) > 1 else "fq"
if FIELD == "limbs":
    FIELD = "fq"      # the limb class does not depend on the modulus
    LIMBS_ONLY = True
else:
    LIMBS_ONLY = False
P, F, FIELD_DOC = {
    "fq": (0x30644E72E131A029B85045B68181585D97816A916871CA8D3C208C16D87CFD47, "Fq",
           "for batches of independent products such as the MSM's batched affine additions"),
    "fr": (0x30644E72E131A029B85045B68181585D2833E84879B9709143E1F593F0000001, "Fr",
           "for the folding's element-wise vector kernels (cross terms, axpy)"),
}[FIELD]
CLS = F + "Lanes"
FIELD_LINK = "foldproof.circuits.field.Fr" if F == "Fr" else "Fq"
N, W = 5, 51
M = (1 << W) - 1
PL = [(P >> (W * i)) & M for i in range(N)]
PINV = (-pow(P, -1, 1 << W)) % (1 << W)
HI_OFF = 0x4660000000000000   # bit pattern of 2^103: high part = bits(h) - HI_OFF
LO_OFF = 0x4338000000000000   # bit pattern of 1.5 * 2^52: low part = bits(l) - LO_OFF
SETS = ["A", "B"]


def c64(v):
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


out = []
p = out.append


def product():
    p("    /** Column sums of a * b for one 4-lane set, corrected for the FMA biases, into ts[to, to + 40). */")
    p("    static void product(long[] a, int ao, long[] b, int bo, long[] ts, int to) {")
    p("        DoubleVector h;")
    for i in range(N):
        p("        DoubleVector a%d = LongVector.fromArray(L, a, ao + %d).or(DB).reinterpretAsDoubles().sub(TWO52);" % (i, 4 * i))
    for i in range(N):
        p("        DoubleVector b%d = LongVector.fromArray(L, b, bo + %d).or(DB).reinterpretAsDoubles().sub(TWO52);" % (i, 4 * i))
    declared = set()
    lo_count = [0] * (2 * N)
    hi_count = [0] * (2 * N)

    def acc(var, expr):
        if var in declared:
            p("        %s = %s.add(%s);" % (var, var, expr))
        else:
            declared.add(var)
            p("        LongVector %s = %s;" % (var, expr))
    # column order; column k is final (lo parts of column k, hi parts of column k - 1) once its
    # products are done, so it is stored at once: few live vectors, no spills
    for k in range(2 * N - 1):
        for i in range(N):
            j = k - i
            if not 0 <= j < N:
                continue
            p("        h = a%d.fma(b%d, C1);" % (i, j))
            acc("t%d" % (k + 1), "h.reinterpretAsLongs()")
            acc("t%d" % k, "a%d.fma(b%d, C2.sub(h)).reinterpretAsLongs()" % (i, j))
            lo_count[k] += 1
            hi_count[k + 1] += 1
        p("        t%d.sub(%dL).intoArray(ts, to + %d);" % (k, c64(lo_count[k] * LO_OFF + hi_count[k] * HI_OFF), 4 * k))
    k = 2 * N - 1
    p("        t%d.sub(%dL).intoArray(ts, to + %d);" % (k, c64(lo_count[k] * LO_OFF + hi_count[k] * HI_OFF), 4 * k))
    p("    }")
    p("")


def rounds():
    p("    /** One Montgomery round on both sets: clears column {@code at / 4} and carries into the next. */")
    p("    private static void round(long[] ts, int at) {")
    p("        DoubleVector h, xd, mA, mB;")
    p("        LongVector x;")
    for si, s in enumerate(SETS):
        for k in range(N + 1):
            p("        LongVector t%d%s = LongVector.fromArray(L, ts, at + %d);" % (k, s, 4 * k + 40 * si))
    for s in SETS:
        p("        xd = t0%s.and(MASK).or(DB).reinterpretAsDoubles().sub(TWO52);" % s)
        p("        h = xd.fma(PINV, C1);")
        p("        m%s = xd.fma(PINV, C2.sub(h)).reinterpretAsLongs().sub(%dL).and(MASK).or(DB).reinterpretAsDoubles().sub(TWO52);" % (s, LO_OFF))
    for j in range(N):
        for s in SETS:
            p("        h = m%s.fma(P%d, C1);" % (s, j))
            p("        t%d%s = t%d%s.add(h.reinterpretAsLongs().sub(%dL));" % (j + 1, s, j + 1, s, HI_OFF))
            if j == 0:
                p("        x = t0%s.add(m%s.fma(P0, C2.sub(h)).reinterpretAsLongs().sub(%dL));" % (s, s, LO_OFF))
                p("        t1%s = t1%s.add(x.lanewise(VectorOperators.ASHR, 51));" % (s, s))
            else:
                p("        t%d%s = t%d%s.add(m%s.fma(P%d, C2.sub(h)).reinterpretAsLongs().sub(%dL));" % (j, s, j, s, s, j, LO_OFF))
    for si, s in enumerate(SETS):
        for k in range(1, N + 1):
            p("        t%d%s.intoArray(ts, at + %d);" % (k, s, 4 * k + 40 * si))
    p("    }")
    p("")


def finish():
    p("    /** Normalises columns 5..9 of both sets to 51-bit limbs, subtracts p once if needed, writes o. */")
    p("    private static void finish(long[] ts, int at, long[] o, int oo) {")
    for si, s in enumerate(SETS):
        for k in range(N, 2 * N):
            p("        LongVector t%d%s = LongVector.fromArray(L, ts, at + %d);" % (k, s, 4 * k + 40 * si))
        # the rounds divided by 2^255; one more halving (add p if odd) makes it R = 2^256, Fq's own form
        p("        VectorMask<Long> odd%s = t5%s.and(1L).compare(VectorOperators.NE, 0L);" % (s, s))
        for k in range(N, 2 * N):
            p("        t%d%s = t%d%s.add(%dL, odd%s);" % (k, s, k, s, PL[k - N], s))
        for k in range(N, 2 * N):
            nxt = " .add(t%d%s.and(1L).lanewise(VectorOperators.LSHL, 50))" % (k + 1, s) if k < 2 * N - 1 else ""
            p("        t%d%s = t%d%s.lanewise(VectorOperators.ASHR, 1)%s;" % (k, s, k, s, nxt.strip() and "." + nxt.strip()[1:]))
        for k in range(N, 2 * N - 1):
            p("        t%d%s = t%d%s.add(t%d%s.lanewise(VectorOperators.ASHR, 51));" % (k + 1, s, k + 1, s, k, s))
            p("        t%d%s = t%d%s.and(MASK);" % (k, s, k, s))
        p("        LongVector d0%s = t5%s.sub(%dL);" % (s, s, PL[0]))
        for j in range(1, N):
            p("        LongVector d%d%s = t%d%s.sub(%dL).add(d%d%s.lanewise(VectorOperators.ASHR, 51));" % (j, s, N + j, s, PL[j], j - 1, s))
            p("        d%d%s = d%d%s.and(MASK);" % (j - 1, s, j - 1, s))
        p("        VectorMask<Long> below%s = d4%s.compare(VectorOperators.LT, 0L);" % (s, s))
        for j in range(N):
            p("        d%d%s.blend(t%d%s, below%s).intoArray(o, oo + %d);" % (j, s, N + j, s, s, 4 * j + 20 * si))
    p("    }")
    p("")


p("package foldproof.folding.ec;")
p("")
p("// GENERATED by scripts/gen-lanes.py %s: do not edit by hand." % ("limbs" if LIMBS_ONLY else FIELD))
p("")
p("import jdk.incubator.vector.DoubleVector;")
p("import jdk.incubator.vector.LongVector;")
if not LIMBS_ONLY:
    p("import jdk.incubator.vector.VectorMask;")
    p("import jdk.incubator.vector.VectorOperators;")
else:
    p("import jdk.incubator.vector.VectorSpecies;")
p("")
if LIMBS_ONLY:
    p("/**")
    p(" * The modulus-independent half of the sixteen-lane field kernels ({@link FqLanes}, {@link FrLanes}) on the")
    p(" * Vector API (256-bit vectors, AVX2 and FMA): the lane layout, moving elements in and out, and the limb")
    p(" * product. Only touch this class when {@link Lanes#ENABLED}.")
    p(" *")
    p(" * <p><b>Lane form.</b> An element is its field class's Montgomery value (x 2^256 mod p, fully reduced)")
    p(" * cut into five 51-bit limbs. Sixteen elements form one <i>group</i> of {@link #GROUP} longs: four 4-lane")
    p(" * sets; set s, limb j, lane l at {@code offset + 20 s + 4 j + l}. {@link #load} and {@link #store}")
    p(" * move single elements in and out (limb re-cutting only, the same for Fq and Fr).")
    p(" *")
    p(" * <p><b>Limb products</b> (see scripts/gen-lanes.py): each 51x51-bit product is split exactly by two")
    p(" * FMAs, the high part as the mantissa of {@code a b + 2^103} and the low part biased into [2^52, 2^53)")
    p(" * so its bit pattern is the integer; column sums run in 64-bit integer lanes.")
    p(" */")
    p("public final class LaneLimbs {")
    p("    /** Longs per 16-lane group (4 sets x 5 limbs x 4 lanes). */")
    p("    public static final int GROUP = 80;")
    p("    /** Lanes per group. */")
    p("    public static final int LANES = 16;")
    p("    /** Longs of scratch that a lane multiplication needs. */")
    p("    public static final int SCRATCH = 160;")
    p("")
    p("    static final VectorSpecies<Long> L = LongVector.SPECIES_256;")
    p("    static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;")
    p("    static final double TWO52 = 0x1p52;")
    p("    static final long MASK = (1L << 51) - 1, DB = 0x4330000000000000L;")
    p("    static final DoubleVector C1 = DoubleVector.broadcast(D, 0x1p103);")
    p("    static final DoubleVector C2 = DoubleVector.broadcast(D, 0x1p103 + 0x1p52 + 0x1p51);")
    p("")
    p("    private LaneLimbs() {")
    p("    }")
    p("")
    p("    /** Whether 256-bit vectors are native here (otherwise the Vector API would run in slow Java fallbacks). */")
    p("    static boolean nativeWidth() {")
    p("        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && LongVector.SPECIES_PREFERRED.vectorBitSize() >= 256;")
    p("    }")
    p("")
    p("    /** Lane {@code lane} of the group at {@code go} = the field element at {@code a[ao..ao+4)} (same value). */")
    p("    public static void load(long[] a, int ao, long[] g, int go, int lane) {")
    p("        long x0 = a[ao], x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3];")
    p("        int o = go + (lane >>> 2) * 20 + (lane & 3);")
    p("        g[o] = x0 & MASK;")
    p("        g[o + 4] = ((x0 >>> 51) | (x1 << 13)) & MASK;")
    p("        g[o + 8] = ((x1 >>> 38) | (x2 << 26)) & MASK;")
    p("        g[o + 12] = ((x2 >>> 25) | (x3 << 39)) & MASK;")
    p("        g[o + 16] = x3 >>> 12;")
    p("    }")
    p("")
    p("    /** The field element at {@code a[ao..ao+4)} = lane {@code lane} of the group at {@code go}. */")
    p("    public static void store(long[] g, int go, int lane, long[] a, int ao) {")
    p("        int o = go + (lane >>> 2) * 20 + (lane & 3);")
    p("        long l0 = g[o], l1 = g[o + 4], l2 = g[o + 8], l3 = g[o + 12], l4 = g[o + 16];")
    p("        a[ao] = l0 | (l1 << 51);")
    p("        a[ao + 1] = (l1 >>> 13) | (l2 << 38);")
    p("        a[ao + 2] = (l2 >>> 26) | (l3 << 25);")
    p("        a[ao + 3] = (l3 >>> 39) | (l4 << 12);")
    p("    }")
    p("")
    product()
    p("}")
    print("\n".join(out))
    sys.exit(0)
p("import static foldproof.folding.ec.LaneLimbs.C1;")
p("import static foldproof.folding.ec.LaneLimbs.C2;")
p("import static foldproof.folding.ec.LaneLimbs.D;")
p("import static foldproof.folding.ec.LaneLimbs.DB;")
p("import static foldproof.folding.ec.LaneLimbs.GROUP;")
p("import static foldproof.folding.ec.LaneLimbs.L;")
p("import static foldproof.folding.ec.LaneLimbs.MASK;")
p("import static foldproof.folding.ec.LaneLimbs.TWO52;")
p("import static foldproof.folding.ec.LaneLimbs.product;")
p("")
p("/**")
p(" * Sixteen-lane %s arithmetic on the Vector API (256-bit vectors, AVX2 and FMA), %s, on the" % (F, FIELD_DOC))
p(" * lane form of {@link LaneLimbs} (which also moves elements in and out). Only touch this class when")
p(" * {@link Lanes#ENABLED}.")
p(" *")
p(" * <p><b>Multiplication</b> (see scripts/gen-lanes.py): the limb products of {@link LaneLimbs}, then five")
p(" * Montgomery rounds with 51-bit digits (m by the same FMA split), two sets per call, alternating between")
p(" * the two pairs of sets so four serial chains overlap; a halving (R = 2^256, as in {@link %s}); one" % FIELD_LINK)
p(" * conditional subtraction.")
p(" */")
p("public final class %s {" % CLS)
p("    private static final DoubleVector PINV = DoubleVector.broadcast(D, %r);" % float(PINV))
for j in range(N):
    p("    private static final DoubleVector P%d = DoubleVector.broadcast(D, %r);" % (j, float(PL[j])))
p("    private static final long[] PL = {%s};" % ", ".join("%dL" % v for v in PL))
p("")
p("    private %s() {" % CLS)
p("    }")
p("")
p("    /** o = a b (lane-wise, 16 lanes); o may alias a or b; t: {@link LaneLimbs#SCRATCH} longs. */")
p("    public static void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo, long[] t) {")
p("        for (int s = 0; s < 4; s++) product(a, ao + 20 * s, b, bo + 20 * s, t, 40 * s);")
p("        for (int at = 0; at < 20; at += 4) {")
p("            round(t, at);        // sets 0 and 1")
p("            round(t, 80 + at);   // sets 2 and 3: independent, overlaps the first call's latency")
p("        }")
p("        finish(t, 0, o, oo);")
p("        finish(t, 80, o, oo + 40);")
p("    }")
p("")
p("    /** o = a - b (lane-wise, 16 lanes, fully reduced); o may alias a or b. */")
p("    public static void sub(long[] a, int ao, long[] b, int bo, long[] o, int oo) {")
p("        for (int s = 0; s < GROUP; s += 20) {")
p("            LongVector d0 = LongVector.fromArray(L, a, ao + s).sub(LongVector.fromArray(L, b, bo + s));")
p("            LongVector d1 = LongVector.fromArray(L, a, ao + s + 4).sub(LongVector.fromArray(L, b, bo + s + 4));")
p("            LongVector d2 = LongVector.fromArray(L, a, ao + s + 8).sub(LongVector.fromArray(L, b, bo + s + 8));")
p("            LongVector d3 = LongVector.fromArray(L, a, ao + s + 12).sub(LongVector.fromArray(L, b, bo + s + 12));")
p("            LongVector d4 = LongVector.fromArray(L, a, ao + s + 16).sub(LongVector.fromArray(L, b, bo + s + 16));")
p("            // e = d + p computed alongside; keep d when a >= b (top limb of normalised d not negative)")
p("            LongVector e0 = d0.add(PL[0]), e1 = d1.add(PL[1]), e2 = d2.add(PL[2]), e3 = d3.add(PL[3]), e4 = d4.add(PL[4]);")
p("            d1 = d1.add(d0.lanewise(VectorOperators.ASHR, 51));")
p("            e1 = e1.add(e0.lanewise(VectorOperators.ASHR, 51));")
p("            d2 = d2.add(d1.lanewise(VectorOperators.ASHR, 51));")
p("            e2 = e2.add(e1.lanewise(VectorOperators.ASHR, 51));")
p("            d3 = d3.add(d2.lanewise(VectorOperators.ASHR, 51));")
p("            e3 = e3.add(e2.lanewise(VectorOperators.ASHR, 51));")
p("            d4 = d4.add(d3.lanewise(VectorOperators.ASHR, 51));")
p("            e4 = e4.add(e3.lanewise(VectorOperators.ASHR, 51));")
p("            VectorMask<Long> negative = d4.compare(VectorOperators.LT, 0L);")
p("            d0.blend(e0, negative).and(MASK).intoArray(o, oo + s);")
p("            d1.blend(e1, negative).and(MASK).intoArray(o, oo + s + 4);")
p("            d2.blend(e2, negative).and(MASK).intoArray(o, oo + s + 8);")
p("            d3.blend(e3, negative).and(MASK).intoArray(o, oo + s + 12);")
p("            d4.blend(e4, negative).intoArray(o, oo + s + 16);")
p("        }")
p("    }")
p("")
rounds()
finish()
p("}")
print("\n".join(out))
