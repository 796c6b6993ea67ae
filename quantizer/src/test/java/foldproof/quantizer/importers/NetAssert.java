package foldproof.quantizer.importers;

import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: structural comparison of two float nets, and seeded random weights. */
final class NetAssert {
    private NetAssert() { }

    static float[] randn(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    static float[] uniform(Random r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + r.nextDouble() * (hi - lo));
        }
        return v;
    }

    /** Same topology, same preprocessing and input, weights equal to within {@code tol} (relative to max |w|). */
    static void assertSameNet(FloatNet want, FloatNet got, double tol, boolean compareNames) {
        assertEquals(want.input(), got.input(), "input shape");
        assertEquals(want.preprocess(), got.preprocess(), "preprocess");
        assertEquals(want.layers().size(), got.layers().size(), "layer count");
        for (int i = 0; i < want.layers().size(); i++) {
            FloatLayer a = want.layers().get(i);
            FloatLayer b = got.layers().get(i);
            String at = "layer " + i + " (" + a.name() + ")";
            if (compareNames) {
                assertEquals(a.name(), b.name(), at);
            }
            assertEquals(a.input(), b.input(), at + " input");
            assertEquals(a.getClass(), b.getClass(), at + " kind");
            if (a instanceof FloatLayer.Conv c) {
                FloatLayer.Conv d = (FloatLayer.Conv) b;
                assertEquals(c.inC() + "/" + c.outC() + "/" + c.kernel() + "/" + c.stride() + "/" + c.pad() + "/groups " + c.groups() + "/" + c.act(),
                        d.inC() + "/" + d.outC() + "/" + d.kernel() + "/" + d.stride() + "/" + d.pad() + "/groups " + d.groups() + "/" + d.act(),
                        at + " geometry");
                close(c.weight(), d.weight(), tol, at + " weight");
                close(c.bias(), d.bias(), tol, at + " bias");
                sameSkip(c.skip(), d.skip(), tol, at);
            } else if (a instanceof FloatLayer.MaxPool m) {
                assertEquals(m, b, at);
            } else {
                FloatLayer.Head h = (FloatLayer.Head) a;
                FloatLayer.Head g = (FloatLayer.Head) b;
                assertEquals(h.inC() + "/" + h.classes(), g.inC() + "/" + g.classes(), at);
                close(h.weight(), g.weight(), tol, at + " weight");
                close(h.bias(), g.bias(), tol, at + " bias");
            }
        }
    }

    private static void sameSkip(Skip a, Skip b, double tol, String at) {
        assertEquals(a.getClass(), b.getClass(), at + " skip kind");
        if (a instanceof Skip.Projection p) {
            Skip.Projection q = (Skip.Projection) b;
            assertEquals(p.tensor() + "/" + p.inC() + "/" + p.kernel() + "/" + p.stride() + "/" + p.pad(),
                    q.tensor() + "/" + q.inC() + "/" + q.kernel() + "/" + q.stride() + "/" + q.pad(), at + " projection");
            close(p.weight(), q.weight(), tol, at + " projection weight");
            close(p.bias(), q.bias(), tol, at + " projection bias");
        } else {
            assertEquals(a, b, at + " skip");
        }
    }

    static void close(float[] a, float[] b, double tol, String what) {
        assertEquals(a.length, b.length, what + " length");
        double max = 1e-30;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tol * max) {
                fail(what + "[" + i + "]: " + a[i] + " vs " + b[i]);
            }
        }
        assertTrue(a.length > 0 || b.length == 0);
    }
}
