#!/usr/bin/env python3
"""Generates the specialised Montgomery multiplication and squaring kernels of Fr and Fq.

For each BN254 field it writes two versions of one small kernel class (FrKernel, FqKernel):
  * src/main/java/...    Java 17: signed Math.multiplyHigh (plus sign corrections where an operand
                         can reach 2^63), carries by the Hacker's Delight 2-13 formula;
  * src/main/java21/...  JDK 21+: Math.unsignedMultiplyHigh (an intrinsic since JDK 18) and
                         carries by Long.compareUnsigned; compiled with --release 21 into
                         META-INF/versions/21 of the multi-release jar, where it replaces the
                         Java 17 class when the JVM is 21 or newer.
Both versions compute the same canonical results.

mul (both versions) is CIOS in radix 2^52 with lazy limbs (Gen.mul_cios52): 50 + 50 multiplications
instead of the 32 + 32 of radix 2^64, but no carry detection and no sign corrections, which on fresh
operands measured 13% (JDK 25) and 21% (JDK 17) faster than the previous kernels (FIPS with
compareUnsigned carries on 21+, CIOS with Hacker's Delight carries on 17); docs/benchmarks.md,
"Field and curve kernels". The radix-2^64 CIOS and FIPS generators stay for A/B (--bench).
sqr computes the 512-bit square with each cross product a_i a_j (i < j) once, doubled, plus the
diagonal, then reduces: a^2 R^-1 = H + REDC(L) for a^2 = H R + L, where REDC(L) <= q and H < q, so one
conditional subtraction finishes. On JDK 21+ it reads -q^-1 mod 2^64 from an array (NEG_Q_INV):
with the literal, C2 distributes m = t0 * (-q^-1) over the additions that formed t0.
Specialising per modulus lets the JIT fold the constants.

Benchmark caveat: timing the same 1024 operand pairs over and over lets the branch predictor learn
their carry patterns; kernels whose carries C2 turns into branches (e.g. the "sel" carry styles
below) then look up to 1.6x faster than on fresh operands. scripts/field-kernels-ab.sh therefore
uses 65536 pairs per batch.

Usage (from anywhere): scripts/gen-montgomery-mul.py            rewrite the four kernel files
                        scripts/gen-montgomery-mul.py --bench DIR  only write the A/B variants of Fr
                        (package bench, classes K<name> of BENCH_VARIANTS) to DIR, for scripts/field-kernels-ab.sh
"""
import pathlib
import sys

FIELDS = {
    "Fr": ("circuits", "foldproof.circuits.field",
           21888242871839275222246405745257275088548364400416034343698204186575808495617),
    "Fq": ("folding", "foldproof.folding.ec",
           21888242871839275222246405745257275088696311157297823662689037894645226208583),
}
M64 = 2**64 - 1


def hexl(x):
    return "0x%016xL" % x


CARRY_STYLES = ("hd", "cmp", "selx", "sely", "bselx", "bsely")


class Gen:
    """Emits Java statements for one flavour: j17 (signed multiplyHigh) or j21 (unsigned).

    carry: how "t += carry out of x + y = s" is written (see carry()); opaque_inv: read -q^-1 mod
    2^64 from the array NEG_Q_INV instead of writing it as a literal."""

    def __init__(self, q, flavour, carry, opaque_inv):
        assert carry in CARRY_STYLES, carry
        self.p = [(q >> (64 * j)) & M64 for j in range(4)]
        self.inv = (-pow(q, -1, 2**64)) % 2**64
        assert self.p[3] < 2**62, "kernels assume q < 2^254"
        self.flavour = flavour
        self.carry_style = carry
        self.inv_s = "NEG_Q_INV[0]" if opaque_inv else hexl(self.inv)
        self.lines = []

    def e(self, s):
        self.lines.append(s)

    def addc(self, t, x, y, s):
        """Statement: t += carry out of the 64-bit addition x + y = s (t cannot overflow).

        hd:    Hacker's Delight 2-13, ((x & y) | ((x | y) & ~s)) >>> 63;
        cmp:   t += (Long.compareUnsigned(s, x) < 0 ? 1 : 0);
        selx:  t = Long.compareUnsigned(s, x) < 0 ? t + 1 : t   (sely: compared with y);
        bselx: t = (s ^ MIN) < (x ^ MIN) ? t + 1 : t            (bsely: with y), the unsigned
               comparison as a signed one of the biased values, which JDK 17 compiles better than
               its (non-intrinsic) Long.compareUnsigned."""
        st = self.carry_style
        if st == "hd":
            return f"{t} += ((({x} & {y}) | (({x} | {y}) & ~{s})) >>> 63);"
        if st == "cmp":
            return f"{t} += (Long.compareUnsigned({s}, {x}) < 0 ? 1L : 0L);"
        z = x if st.endswith("x") else y
        if st.startswith("sel"):
            return f"{t} = Long.compareUnsigned({s}, {z}) < 0 ? {t} + 1 : {t};"
        return f"{t} = ({s} ^ Long.MIN_VALUE) < ({z} ^ Long.MIN_VALUE) ? {t} + 1 : {t};"

    def addnz(self, t, x):
        """Statement: t += (x != 0 ? 1 : 0)."""
        if self.carry_style == "hd":
            return f"{t} += ({x} | -{x}) >>> 63;"
        if self.carry_style == "cmp":
            return f"{t} += ({x} != 0 ? 1L : 0L);"
        return f"{t} = {x} != 0 ? {t} + 1 : {t};"

    def hi(self, x, y, sx=None, sy=None):
        """Unsigned high word of x*y; sx/sy name x's/y's sign mask, or None when below 2^63."""
        if self.flavour == "j21":
            return f"Math.unsignedMultiplyHigh({x}, {y})"
        t = [f"Math.multiplyHigh({x}, {y})"]
        if sx:
            t.append(f"({sx} & {y})")
        if sy:
            t.append(f"({sy} & {x})")
        return " + ".join(t)

    def hi_const(self, x, sx, j):
        """Unsigned high word of x * p_j for the constant p_j."""
        c = hexl(self.p[j])
        if self.flavour == "j21":
            return f"Math.unsignedMultiplyHigh({x}, {c})"
        t = [f"Math.multiplyHigh({x}, {c})", f"({sx} & {c})"]
        if self.p[j] >= 2**63:
            t.append(x)
        return " + ".join(t)

    def sign(self, v):
        return f"s{v}" if self.flavour == "j17" else None

    def final_subtract(self, t):
        p = self.p
        self.e(f"// {t}0..{t}3 < 2q: subtract q once unless that borrows (branch-free select)")
        self.e(f"long d0 = {t}0 - {hexl(p[0])};")
        self.e(f"long bw = ((~{t}0 & {hexl(p[0])}) | ((~{t}0 | {hexl(p[0])}) & d0)) >>> 63;")
        for j in range(1, 4):
            self.e(f"long d{j} = {t}{j} - {hexl(p[j])} - bw;")
            self.e(f"bw = ((~{t}{j} & {hexl(p[j])}) | ((~{t}{j} | {hexl(p[j])}) & d{j})) >>> 63;")
        self.e("long keep = -bw;")
        for j in range(4):
            self.e(f"out[oo{' + %d' % j if j else ''}] = ({t}{j} & keep) | (d{j} & ~keep);")

    def mul_cios(self):
        """CIOS (Koc, Acar, Kaliski 1996) without the fifth carry word (top limb of q < 2^63 - 1)."""
        e, p = self.e, self.p
        j17 = self.flavour == "j17"
        e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
        if j17:
            e("final long sa0 = a0 >> 63, sa1 = a1 >> 63, sa2 = a2 >> 63; // a3 < 2^62: no correction")
            e("long sb, sm;")
        e("long t0, t1 = 0, t2 = 0, t3 = 0, bi, lo, hi, s, carryA, carryC, m;")
        for i in range(4):
            e(f"// round {i}: t = (t + a * b{i} + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64")
            e(f"bi = b[bo + {i}];" + (" sb = bi >> 63;" if j17 and i < 3 else ""))

            def h(j):
                if j17:
                    return self.hi(f"a{j}", "bi", f"sa{j}" if j < 3 else None, "sb" if i < 3 else None)
                return self.hi(f"a{j}", "bi")
            e(f"lo = a0 * bi; carryA = {h(0)};")
            if i == 0:
                e("t0 = lo;")
            else:
                e(f"s = t0 + lo; {self.addc('carryA', 't0', 'lo', 's')} t0 = s;")
            e(f"m = t0 * {self.inv_s};" + (" sm = m >> 63;" if j17 else ""))
            e(f"// t0 + lo(m q0) = 0 mod 2^64, with a carry unless t0 = 0")
            e(f"carryC = {self.hi_const('m', 'sm', 0)}; {self.addnz('carryC', 't0')}")
            for j in range(1, 4):
                e(f"lo = a{j} * bi; hi = {h(j)};")
                e(f"s = lo + carryA; {self.addc('hi', 'lo', 'carryA', 's')} lo = s;")
                if i == 0:
                    e(f"t{j} = lo; carryA = hi;")
                else:
                    e(f"s = lo + t{j}; {self.addc('hi', 'lo', f't{j}', 's')} t{j} = s; carryA = hi;")
                e(f"lo = m * {hexl(p[j])}; hi = {self.hi_const('m', 'sm', j)};")
                e(f"s = lo + carryC; {self.addc('hi', 'lo', 'carryC', 's')} lo = s;")
                e(f"s = lo + t{j}; {self.addc('hi', 'lo', f't{j}', 's')} t{j - 1} = s; carryC = hi;")
            e("t3 = carryA + carryC;")
        self.final_subtract("t")
        return self.lines

    def mul_fips(self):
        """FIPS Montgomery product (finely integrated product scanning): column k of a*b + m*q is summed
        into a three-word accumulator (c0, c1, c2), m_k is taken from column k < 4, and columns 4..7 are
        the result. Fewer values are live at once than in CIOS (no t0..t3 row plus two carry chains)."""
        e, p = self.e, self.p
        j17 = self.flavour == "j17"
        e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
        e("final long b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];")
        if j17:
            e("final long sa0 = a0 >> 63, sa1 = a1 >> 63, sa2 = a2 >> 63; // a3 < 2^62: no correction")
            e("final long sb0 = b0 >> 63, sb1 = b1 >> 63, sb2 = b2 >> 63; // b3 < 2^62: no correction")
            e("long sm0, sm1, sm2, sm3;")
        e("long c0 = 0, c1 = 0, c2 = 0, lo, hi, s, m0, m1, m2, m3, t0, t1, t2, t3;")

        def acc(x, y, hi_expr):
            e(f"lo = {x} * {y}; hi = {hi_expr};")
            e(f"s = c0 + lo; {self.addc('hi', 'c0', 'lo', 's')} c0 = s;")
            e(f"s = c1 + hi; {self.addc('c2', 'c1', 'hi', 's')} c1 = s;")

        def ab(i, j):
            return self.hi(f"a{i}", f"b{j}", f"sa{i}" if j17 and i < 3 else None, f"sb{j}" if j17 and j < 3 else None)

        for k in range(7):
            e(f"// column {k}" + (f": m{k} = c0 * (-q^-1) mod 2^64 makes it divisible by 2^64" if k < 4 else f": t{k - 4}"))
            for i in range(max(0, k - 3), min(k, 3) + 1):
                acc(f"a{i}", f"b{k - i}", ab(i, k - i))
            for i in range(max(0, k - 3), min(k, 4)):
                if k - i <= 3:
                    acc(f"m{i}", hexl(p[k - i]), self.hi_const(f"m{i}", f"sm{i}", k - i))
            if k < 4:
                e(f"m{k} = c0 * {self.inv_s};" + (f" sm{k} = m{k} >> 63;" if j17 else ""))
                e(f"// c0 + lo(m{k} q0) = 0 mod 2^64, with a carry unless c0 = 0")
                e(f"hi = {self.hi_const(f'm{k}', f'sm{k}', 0)}; {self.addnz('hi', 'c0')}")
                e(f"s = c1 + hi; {self.addc('c2', 'c1', 'hi', 's')} c1 = s;")
            else:
                e(f"t{k - 4} = c0;")
            e("c0 = c1; c1 = c2; c2 = 0;")
        e("t3 = c0; // the result is below 2q < 2^255: c1 = 0")
        self.final_subtract("t")
        return self.lines

    def mul_cios52(self):
        """CIOS in radix 2^52 with lazy (unnormalised) limbs: no carry detection at all. a and b become
        five 52-bit limbs, each shifted left by 6 (below 2^58, so the signed Math.multiplyHigh is the
        unsigned one: no sign corrections on Java 17). For limbs x, y of weight 2^52 i and 2^52 j,
        multiplyHigh(x << 6, y << 6) = floor(x y / 2^52) and ((x << 6) (y << 6)) >>> 12 = x y mod 2^52,
        both below 2^52, so a limb that gathers up to 20 of them stays below 2^57 and no addition can
        overflow. Five rounds divide by 2^260, so a is scaled by 16 on the way in (16 a < 2^258 fits five
        limbs) and the result is a b 2^-256 mod q, below (16 q q + 2^260 q) / 2^260 < 2q; it is normalised,
        packed back into four 64-bit limbs and reduced by one conditional subtraction.
        50 multiplications and 50 high products instead of 32 and 32, but no carries: on this machine
        measured faster than the radix-2^64 kernels on fresh (unrepeated) operands."""
        e = self.e
        M52 = 2**52 - 1
        mask = M52 << 6
        q = sum(self.p[j] << (64 * j) for j in range(4))
        Q = [((q >> (52 * j)) & M52) << 6 for j in range(5)]
        inv6 = (((-pow(q, -1, 2**52)) % 2**52) << 6) % 2**64
        mh = "Math.unsignedMultiplyHigh" if self.flavour == "j21" else "Math.multiplyHigh"
        e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
        e("final long b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];")
        e("// x = 16 a and y = b in radix 2^52, limbs shifted left by 6")
        for word, name, scale in (("a", "x", 4), ("b", "y", 0)):
            for i in range(5):
                w = 52 * i - scale - 6  # bit of the input that lands at bit 0
                if w < 0:
                    expr = f"({word}0 << {-w})"
                else:
                    lw, o = divmod(w, 64)
                    expr = f"({word}{lw} >>> {o})" if o else f"{word}{lw}"
                    if o + 58 > 64 and lw + 1 < 4:
                        expr = f"({expr} | ({word}{lw + 1} << {64 - o}))"
                e(f"final long {name}{i} = {expr} & {hexl(mask)};")
        e("long T0 = 0, T1 = 0, T2 = 0, T3 = 0, T4 = 0, T5, lo, m;")
        for i in range(5):
            e(f"// round {i}: T = (T + x y{i} + m q) / 2^52, m = T0 (-q^-1) mod 2^52 (shifted left by 6)")
            e("T5 = 0;")
            for j in range(5):
                e(f"lo = x{j} * y{i}; T{j} += lo >>> 12; T{j + 1} += {mh}(x{j}, y{i});")
            e(f"m = (T0 * {hexl(inv6)}) & {hexl(mask)};")
            e(f"// T0 + lo(m q0) is T0 rounded up to a multiple of 2^52")
            e(f"T1 += {mh}(m, {hexl(Q[0])}) + ((T0 + {hexl(M52)}) >>> 52);")
            for j in range(1, 5):
                e(f"lo = m * {hexl(Q[j])}; T{j} += lo >>> 12; T{j + 1} += {mh}(m, {hexl(Q[j])});")
            e("T0 = T1; T1 = T2; T2 = T3; T3 = T4; T4 = T5;")
        e("// normalise (T < 2q < 2^255) and pack into four 64-bit limbs")
        e("T1 += T0 >>> 52; T2 += T1 >>> 52; T3 += T2 >>> 52; T4 += T3 >>> 52;")
        e(f"final long t0 = (T0 & {hexl(M52)}) | (T1 << 52), t1 = ((T1 & {hexl(M52)}) >>> 12) | (T2 << 40);")
        e(f"final long t2 = ((T2 & {hexl(M52)}) >>> 24) | (T3 << 28), t3 = ((T3 & {hexl(M52)}) >>> 36) | (T4 << 16);")
        self.final_subtract("t")
        return self.lines

    def sqr(self):
        e, p = self.e, self.p
        j17 = self.flavour == "j17"
        sg = self.sign
        e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
        if j17:
            e("final long s0 = a0 >> 63, s1 = a1 >> 63, s2 = a2 >> 63; // a3 < 2^62: no correction")
            e("long sm;")
        e("long lo, hi, s, k, m;")
        e("// cross products a_i a_j (i < j), each once, into c1..c6")
        e(f"long c1 = a0 * a1; k = {self.hi('a0', 'a1', sg(0), sg(1))};")
        e(f"lo = a0 * a2; hi = {self.hi('a0', 'a2', sg(0), sg(2))};")
        e(f"long c2 = lo + k; {self.addc('hi', 'lo', 'k', 'c2')} k = hi;")
        e(f"lo = a0 * a3; hi = {self.hi('a0', 'a3', sg(0), None)};")
        e(f"long c3 = lo + k; {self.addc('hi', 'lo', 'k', 'c3')} long c4 = hi;")
        e(f"lo = a1 * a2; hi = {self.hi('a1', 'a2', sg(1), sg(2))};")
        e(f"s = c3 + lo; {self.addc('hi', 'c3', 'lo', 's')} k = hi; c3 = s;")
        e(f"lo = a1 * a3; hi = {self.hi('a1', 'a3', sg(1), None)};")
        e(f"s = lo + k; {self.addc('hi', 'lo', 'k', 's')} lo = s;")
        e(f"s = c4 + lo; {self.addc('hi', 'c4', 'lo', 's')} long c5 = hi; c4 = s;")
        e(f"lo = a2 * a3; hi = {self.hi('a2', 'a3', sg(2), None)};")
        e(f"s = c5 + lo; {self.addc('hi', 'c5', 'lo', 's')} long c6 = hi; c5 = s;")
        e("// double (the sum of cross products is below 2^507) and add the squares a_i^2")
        e("long c7 = c6 >>> 63;")
        e("c6 = (c6 << 1) | (c5 >>> 63); c5 = (c5 << 1) | (c4 >>> 63); c4 = (c4 << 1) | (c3 >>> 63);")
        e("c3 = (c3 << 1) | (c2 >>> 63); c2 = (c2 << 1) | (c1 >>> 63); c1 <<= 1;")
        e(f"long t0 = a0 * a0; hi = {self.hi('a0', 'a0', sg(0), sg(0))};")
        e(f"long t1 = c1 + hi; k = 0; {self.addc('k', 'c1', 'hi', 't1')}")
        for i in (1, 2, 3):
            si = sg(i) if i < 3 else None
            lo_i, hi_i = 2 * i, 2 * i + 1
            e(f"lo = a{i} * a{i}; hi = {self.hi(f'a{i}', f'a{i}', si, si)};")
            e(f"s = c{lo_i} + lo; {self.addc('hi', f'c{lo_i}', 'lo', 's')} "
              f"long t{lo_i} = s + k; {self.addc('hi', 's', 'k', f't{lo_i}')}")
            if i < 3:
                e(f"long t{hi_i} = c{hi_i} + hi; k = 0; {self.addc('k', f'c{hi_i}', 'hi', f't{hi_i}')}")
            else:
                e(f"long t{hi_i} = c{hi_i} + hi; // a^2 < 2^508: no carry out")
        e("// REDC of the low half t0..t3 (four CIOS rounds with b = 0); the result is at most q")
        for r in range(4):
            e(f"m = t0 * {self.inv_s};" + (" sm = m >> 63;" if j17 else ""))
            e(f"// t0 + lo(m q0) = 0 mod 2^64, with a carry unless t0 = 0")
            e(f"k = {self.hi_const('m', 'sm', 0)}; {self.addnz('k', 't0')}")
            for j in range(1, 4):
                e(f"lo = m * {hexl(p[j])}; hi = {self.hi_const('m', 'sm', j)};")
                e(f"s = lo + k; {self.addc('hi', 'lo', 'k', 's')} lo = s;")
                e(f"s = lo + t{j}; {self.addc('hi', 'lo', f't{j}', 's')} t{j - 1} = s; k = hi;")
            e("t3 = k;")
        e("// add the high half: H + REDC(L) < 2q < 2^255")
        e(f"long u0 = t0 + t4; k = 0; {self.addc('k', 't0', 't4', 'u0')}")
        for j in (1, 2):
            e(f"s = t{j} + t{j + 4}; hi = 0; {self.addc('hi', f't{j}', f't{j + 4}', 's')} "
              f"long u{j} = s + k; {self.addc('hi', 's', 'k', f'u{j}')} k = hi;")
        e("long u3 = t3 + t7 + k;")
        self.final_subtract("u")
        return self.lines


def indent(lines, n=8):
    return "\n".join(" " * n + l if l else "" for l in lines) + "\n"


HEADER = """package {pkg};

// GENERATED by scripts/gen-montgomery-mul.py: do not edit by hand.

/**
 * {name} multiplication and squaring kernels ({what}), Montgomery form on four little-endian
 * 64-bit limbs at an offset; inputs reduced, outputs reduced, out may alias the inputs.
 * {extra}
 */
final class {cls} {{
{fields}    /** Which kernel this class is, for diagnostics and the cross-JDK tests (not a constant: not inlined). */
    static String name() {{
        return "{kname}";
    }}

    private {cls}() {{
    }}

    /** out = a * b R^-1 mod q ({mulalg}). */
    static void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo) {{
{mul}    }}

    /** out = a^2 R^-1 mod q (cross products once, then REDC of the low half plus the high half). */
    static void sqr(long[] a, int ao, long[] out, int oo) {{
{sqr}    }}
}}
"""

INV_FIELD = """    /**
     * -q^-1 mod 2^64, read from an array rather than written as a literal: with the literal C2
     * distributes the multiplication m = c0 * (-q^-1) over the additions that formed c0 (and
     * folds it into the products' constants), which costs extra multiplications and registers.
     * Never written.
     */
    private static final long[] NEG_Q_INV = {{{inv}}};

"""

# The kernels in use, per flavour: (algorithm, carry style, -q^-1 read from an array).
KERNELS = {
    "j21": ("cios52", "cmp", True),
    "j17": ("cios52", "hd", False),
}


def kernel_source(name, pkg, q, flavour, cls=None, variant=None):
    cls = cls or f"{name}Kernel"
    alg, carry, opaque = variant or KERNELS[flavour]
    if flavour == "j21":
        what = "JDK 21+: Math.unsignedMultiplyHigh, Long.compareUnsigned carries"
        extra = ("Multi-release jar version: replaces the Java 17 class of the same name on JDK 21 and\n"
                 " * newer (META-INF/versions/21).")
    else:
        what = "Java 17: signed Math.multiplyHigh with sign corrections, Hacker's Delight carries"
        extra = ("On JDK 21 and newer the multi-release jar replaces this class by its java21 version\n"
                 " * (src/main/java21), which uses Math.unsignedMultiplyHigh.")
    gen = Gen(q, flavour, carry, opaque)
    mul = {"fips": gen.mul_fips, "cios": gen.mul_cios, "cios52": gen.mul_cios52}[alg]()
    return HEADER.format(pkg=pkg, name=name, what=what, extra=extra, cls=cls,
                         fields=INV_FIELD.format(inv=hexl(gen.inv)) if opaque else "",
                         kname=f"{flavour}-{carry}-{alg}",
                         mulalg={"fips": "FIPS product scanning", "cios": "CIOS, no final carry word",
                                 "cios52": "CIOS in radix 2^52 with lazy limbs"}[alg],
                         mul=indent(mul),
                         sqr=indent(Gen(q, flavour, carry, opaque).sqr()))


# --bench variants: class name suffix -> (flavour, algorithm, carry style, opaque -q^-1).
BENCH_VARIANTS = {
    "j17": ("j17",) + KERNELS["j17"],
    "j21": ("j21",) + KERNELS["j21"],
    "j17cioshd": ("j17", "cios", "hd", False),      # the Java 17 kernel before scalar4
    "j21fipscmp": ("j21", "fips", "cmp", False),    # the JDK 21 kernel before scalar4
    "j21fipscmpI": ("j21", "fips", "cmp", True),
    "j21fipssely": ("j21", "fips", "sely", True),   # fast only on repeated operands (see docs)
    "j17fipsbselx": ("j17", "fips", "bselx", True),
}


BENCH_LOOPS = """
    /** A/B helper: n independent multiplications over consecutive elements. */
    public static void mulLoop(long[] a, long[] b, long[] out, int n) {
        for (int i = 0; i < 4 * n; i += 4) {
            mul(a, i, b, i, out, i);
        }
    }

    /** A/B helper: n dependent multiplications (each by the next element of b), for latency. */
    public static void mulChain(long[] a, long[] b, long[] out, int n) {
        System.arraycopy(a, 0, out, 0, 4);
        for (int i = 0; i < 4 * n; i += 4) {
            mul(out, 0, b, i, out, 0);
        }
    }

    /** A/B helper: n independent squarings over consecutive elements. */
    public static void sqrLoop(long[] a, long[] out, int n) {
        for (int i = 0; i < 4 * n; i += 4) {
            sqr(a, i, out, i);
        }
    }
}
"""


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    if len(sys.argv) > 2 and sys.argv[1] == "--bench":
        out = pathlib.Path(sys.argv[2])
        out.mkdir(parents=True, exist_ok=True)
        q = FIELDS["Fr"][2]
        for suffix, (flavour, *variant) in BENCH_VARIANTS.items():
            cls = f"K{suffix}"
            src = kernel_source("Fr", "bench", q, flavour, cls, variant).replace("final class", "public final class")
            src = src.replace("    static void", "    public static void").replace("    static String", "    public static String")
            src = src[:src.rstrip().rindex("}")] + BENCH_LOOPS.lstrip("\n")
            (out / f"{cls}.java").write_text(src)
        return
    for name, (module, pkg, q) in FIELDS.items():
        rel = pkg.replace(".", "/") + f"/{name}Kernel.java"
        for srcdir, flavour in (("java", "j17"), ("java21", "j21")):
            path = root / module / "src/main" / srcdir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(kernel_source(name, pkg, q, flavour))
            print("wrote", path.relative_to(root))


if __name__ == "__main__":
    main()
