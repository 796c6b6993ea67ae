#!/usr/bin/env python3
"""Generates the specialised Montgomery multiplication and squaring kernels of Fr and Fq.

For each BN254 field it writes two versions of one small kernel class (FrKernel, FqKernel):
  * src/main/java/...    Java 17: unsigned high products from the signed Math.multiplyHigh plus
                         sign corrections, carries by the Hacker's Delight 2-13 formula;
  * src/main/java21/...  JDK 21+: Math.unsignedMultiplyHigh (an intrinsic since JDK 18) and
                         carries by Long.compareUnsigned; compiled with --release 21 into
                         META-INF/versions/21 of the multi-release jar, where it replaces the
                         Java 17 class when the JVM is 21 or newer.
Both versions compute the same canonical results.

The Java 17 mul is CIOS (Koc, Acar, Kaliski 1996) with the "no-carry" simplification (top modulus
limb below 2^63 - 1, as gnark-crypto does). The JDK 21+ mul is FIPS (finely integrated product
scanning, same paper): each column of a*b + m*q is summed into a three-word accumulator, so fewer
values are live at once; C2 then spills less and it measured 10-20% faster than CIOS on JDK 25
(on JDK 17, with the signed-multiplyHigh corrections, it was about 8% slower, so 17 keeps CIOS). sqr computes the 512-bit square with each cross product a_i a_j
(i < j) once, doubled, plus the diagonal, then reduces: a^2 R^-1 = H + REDC(L) for a^2 = H R + L,
where REDC(L) <= q and H < q, so one conditional subtraction finishes. Specialising per modulus
lets the JIT fold the constants: the sign corrections vanish for constant limbs below 2^63 and for
the top limbs of reduced inputs (below 2^62).

Usage (from anywhere): scripts/gen-montgomery-mul.py            rewrite the four kernel files
                        scripts/gen-montgomery-mul.py --bench DIR  only write the A/B variants of Fr
                        (package bench, classes K<flavour><carries>) to DIR, for scripts/field-kernels-ab.sh
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


class Gen:
    """Emits Java statements for one flavour: j17 (signed multiplyHigh) or j21 (unsigned)."""

    def __init__(self, q, flavour, carry_style):
        self.p = [(q >> (64 * j)) & M64 for j in range(4)]
        self.inv = (-pow(q, -1, 2**64)) % 2**64
        assert self.p[3] < 2**62, "kernels assume q < 2^254"
        self.flavour = flavour
        self.carry_style = carry_style
        self.lines = []

    def e(self, s):
        self.lines.append(s)

    def carry(self, x, y, s):
        """Carry out of the 64-bit addition x + y = s."""
        if self.carry_style == "cmp":
            return f"(Long.compareUnsigned({s}, {x}) < 0 ? 1L : 0L)"
        return f"((({x} & {y}) | (({x} | {y}) & ~{s})) >>> 63)"

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

    def final_subtract(self, t, out_prefix="out[oo", extra_top=None):
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

    def mul(self):
        e, p = self.e, self.p
        j17 = self.flavour == "j17"
        e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
        if j17:
            e("final long sa0 = a0 >> 63, sa1 = a1 >> 63, sa2 = a2 >> 63; // a3 < 2^62: no correction")
            e("long t0 = 0, t1 = 0, t2 = 0, t3 = 0;")
            e("long bi, sb, lo, hi, s, carryA, carryC, m, sm;")
        else:
            e("long t0 = 0, t1 = 0, t2 = 0, t3 = 0;")
            e("long bi, lo, hi, s, carryA, carryC, m;")
        for i in range(4):
            e(f"// round {i}: t = (t + a * b{i} + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64")
            e(f"bi = b[bo + {i}];" + (" sb = bi >> 63;" if j17 and i < 3 else ""))
            for j in range(4):
                e(f"lo = a{j} * bi; hi = {self.hi(f'a{j}', 'bi', f'sa{j}' if j17 and j < 3 else None, 'sb' if j17 and i < 3 else None)};")
                if j == 0:
                    e(f"s = t0 + lo; carryA = hi + {self.carry('t0', 'lo', 's')}; t0 = s;")
                    e(f"m = t0 * {hexl(self.inv)};" + (" sm = m >> 63;" if j17 else ""))
                    e(f"lo = m * {hexl(p[0])}; hi = {self.hi_const('m', 'sm', 0)};")
                    e(f"s = t0 + lo; carryC = hi + {self.carry('t0', 'lo', 's')};")
                else:
                    e(f"s = lo + carryA; hi += {self.carry('lo', 'carryA', 's')}; lo = s;")
                    e(f"s = lo + t{j}; carryA = hi + {self.carry('lo', f't{j}', 's')}; t{j} = s;")
                    e(f"lo = m * {hexl(p[j])}; hi = {self.hi_const('m', 'sm', j)};")
                    e(f"s = lo + carryC; hi += {self.carry('lo', 'carryC', 's')}; lo = s;")
                    e(f"s = lo + t{j}; carryC = hi + {self.carry('lo', f't{j}', 's')}; t{j - 1} = s;")
            e("t3 = carryC + carryA;")
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
            e(f"s = c0 + lo; hi += {self.carry('c0', 'lo', 's')}; c0 = s; s = c1 + hi; c2 += {self.carry('c1', 'hi', 's')}; c1 = s;")

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
                e(f"m{k} = c0 * {hexl(self.inv)};" + (f" sm{k} = m{k} >> 63;" if j17 else ""))
                e(f"// c0 + lo(m{k} q0) = 0 mod 2^64, with a carry unless c0 = 0")
                e(f"hi = {self.hi_const(f'm{k}', f'sm{k}', 0)} + (c0 != 0 ? 1L : 0L);")
                e(f"s = c1 + hi; c2 += {self.carry('c1', 'hi', 's')}; c1 = s;")
            else:
                e(f"t{k - 4} = c0;")
            e("c0 = c1; c1 = c2; c2 = 0;")
        e("t3 = c0; // the result is below 2q < 2^255: c1 = 0")
        self.final_subtract("t")
        return self.lines

    def sqr(self):
        e, p = self.e, self.p
        j17 = self.flavour == "j17"
        e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
        if j17:
            e("final long s0 = a0 >> 63, s1 = a1 >> 63, s2 = a2 >> 63; // a3 < 2^62: no correction")
        e("long lo, hi, s, k, m;")
        e("// cross products a_i a_j (i < j), each once, into c1..c6")
        e(f"long c1 = a0 * a1; k = {self.hi('a0', 'a1', self.sign(0), self.sign(1))};")
        e(f"lo = a0 * a2; hi = {self.hi('a0', 'a2', self.sign(0), self.sign(2))};")
        e(f"long c2 = lo + k; k = hi + {self.carry('lo', 'k', 'c2')};")
        e(f"lo = a0 * a3; hi = {self.hi('a0', 'a3', self.sign(0), None)};")
        e(f"long c3 = lo + k; long c4 = hi + {self.carry('lo', 'k', 'c3')};")
        e(f"lo = a1 * a2; hi = {self.hi('a1', 'a2', self.sign(1), self.sign(2))};")
        e(f"s = c3 + lo; k = hi + {self.carry('c3', 'lo', 's')}; c3 = s;")
        e(f"lo = a1 * a3; hi = {self.hi('a1', 'a3', self.sign(1), None)};")
        e(f"s = lo + k; hi += {self.carry('lo', 'k', 's')}; lo = s;")
        e(f"s = c4 + lo; long c5 = hi + {self.carry('c4', 'lo', 's')}; c4 = s;")
        e(f"lo = a2 * a3; hi = {self.hi('a2', 'a3', self.sign(2), None)};")
        e(f"s = c5 + lo; long c6 = hi + {self.carry('c5', 'lo', 's')}; c5 = s;")
        e("// double (the sum of cross products is below 2^507) and add the squares a_i^2")
        e("long c7 = c6 >>> 63;")
        e("c6 = (c6 << 1) | (c5 >>> 63); c5 = (c5 << 1) | (c4 >>> 63); c4 = (c4 << 1) | (c3 >>> 63);")
        e("c3 = (c3 << 1) | (c2 >>> 63); c2 = (c2 << 1) | (c1 >>> 63); c1 <<= 1;")
        e(f"long t0 = a0 * a0; hi = {self.hi('a0', 'a0', self.sign(0), self.sign(0))};")
        e(f"long t1 = c1 + hi; k = {self.carry('c1', 'hi', 't1')};")
        for i in (1, 2, 3):
            si = self.sign(i) if i < 3 else None
            lo_i, hi_i = 2 * i, 2 * i + 1
            e(f"lo = a{i} * a{i}; hi = {self.hi(f'a{i}', f'a{i}', si, si)};")
            e(f"s = c{lo_i} + lo; hi += {self.carry(f'c{lo_i}', 'lo', 's')}; "
              f"long t{lo_i} = s + k; hi += {self.carry('s', 'k', f't{lo_i}')};")
            if i < 3:
                e(f"long t{hi_i} = c{hi_i} + hi; k = {self.carry(f'c{hi_i}', 'hi', f't{hi_i}')};")
            else:
                e(f"long t{hi_i} = c{hi_i} + hi; // a^2 < 2^508: no carry out")
        e("// REDC of the low half t0..t3 (four CIOS rounds with b = 0); the result is at most q")
        for r in range(4):
            e(f"m = t0 * {hexl(self.inv)};" + (" long sm = m >> 63;" if j17 and r == 0 else (" sm = m >> 63;" if j17 else "")))
            e(f"lo = m * {hexl(p[0])}; hi = {self.hi_const('m', 'sm', 0)};")
            e(f"s = t0 + lo; k = hi + {self.carry('t0', 'lo', 's')};")
            for j in range(1, 4):
                e(f"lo = m * {hexl(p[j])}; hi = {self.hi_const('m', 'sm', j)};")
                e(f"s = lo + k; hi += {self.carry('lo', 'k', 's')}; lo = s;")
                e(f"s = lo + t{j}; k = hi + {self.carry('lo', f't{j}', 's')}; t{j - 1} = s;")
            e("t3 = k;")
        e("// add the high half: H + REDC(L) < 2q < 2^255")
        e(f"long u0 = t0 + t4; k = {self.carry('t0', 't4', 'u0')};")
        for j in (1, 2):
            e(f"s = t{j} + t{j + 4}; hi = {self.carry(f't{j}', f't{j + 4}', 's')}; "
              f"long u{j} = s + k; k = hi + {self.carry('s', 'k', f'u{j}')};")
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
    /** Which kernel this class is, for diagnostics and the cross-JDK tests (not a constant: not inlined). */
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


def kernel_source(name, pkg, q, flavour, cls=None, carry_style=None, fips=None):
    cls = cls or f"{name}Kernel"
    if fips is None:
        fips = flavour == "j21"
    if carry_style is None:
        carry_style = "cmp" if flavour == "j21" else "hd"
    if flavour == "j21":
        what = "JDK 21+: Math.unsignedMultiplyHigh, Long.compareUnsigned carries"
        extra = ("Multi-release jar version: replaces the Java 17 class of the same name on JDK 21 and\n"
                 " * newer (META-INF/versions/21).")
    else:
        what = "Java 17: signed Math.multiplyHigh with sign corrections, Hacker's Delight carries"
        extra = ("On JDK 21 and newer the multi-release jar replaces this class by its java21 version\n"
                 " * (src/main/java21), which uses Math.unsignedMultiplyHigh.")
    return HEADER.format(pkg=pkg, name=name, what=what, extra=extra, cls=cls,
                         kname=f"{flavour}-{carry_style}" + ("-fips" if fips else ""),
                         mulalg="FIPS product scanning" if fips else "CIOS, no final carry word",
                         mul=indent(Gen(q, flavour, carry_style).mul_fips() if fips else Gen(q, flavour, carry_style).mul()),
                         sqr=indent(Gen(q, flavour, carry_style).sqr()))


BENCH_LOOPS = """
    /** A/B helper: n independent multiplications over consecutive elements. */
    public static void mulLoop(long[] a, long[] b, long[] out, int n) {
        for (int i = 0; i < 4 * n; i += 4) {
            mul(a, i, b, i, out, i);
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
        for flavour in ("j17", "j21"):
            for cs in ("hd", "cmp"):
                cls = f"K{flavour}{cs}"
                src = kernel_source("Fr", "bench", q, flavour, cls, cs).replace("final class", "public final class")
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
