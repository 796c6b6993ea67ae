package foldproof.quantizer.importers;

import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only ONNX writer: a protobuf encoder for the handful of messages the importer reads, and a
 * translation of a {@link FloatNet} (without option-A skips) into the graph PyTorch would export
 * (Conv with bias, Add, Relu, MaxPool, GlobalAveragePool, Flatten, Gemm transB=1).
 */
final class OnnxWriter {
    /** Protobuf message under construction. */
    static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        Msg bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Msg str(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Msg msg(int field, Msg m) {
            return bytes(field, m.toBytes());
        }

        Msg f32(int field, float v) {
            tag(field, 5);
            int b = Float.floatToIntBits(v);
            for (int i = 0; i < 4; i++) {
                out.write(b >>> (8 * i));
            }
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wt) {
            raw((long) field << 3 | wt);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    final List<Msg> nodes = new ArrayList<>();
    final List<Msg> inits = new ArrayList<>();
    private int counter;

    String fresh() {
        return "v" + (counter++);
    }

    static Msg floatTensor(String name, float[] data, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 1).str(8, name);
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putFloat(f);
        }
        return t.bytes(9, b.array());
    }

    static Msg int64Tensor(String name, long[] data) {
        Msg t = new Msg().varint(1, data.length).varint(2, 7).str(8, name);
        ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) {
            b.putLong(v);
        }
        return t.bytes(9, b.array());
    }

    String init(float[] data, long... dims) {
        String n = fresh();
        inits.add(floatTensor(n, data, dims));
        return n;
    }

    /** Adds a node; attrs as alternating name, value (Long, Float or long[]). Returns its first output. */
    String node(String op, String name, List<String> inputs, Object... attrs) {
        String out = fresh();
        Msg n = new Msg();
        for (String i : inputs) {
            n.str(1, i);
        }
        n.str(2, out).str(3, name).str(4, op);
        for (int i = 0; i < attrs.length; i += 2) {
            Msg a = new Msg().str(1, (String) attrs[i]);
            Object v = attrs[i + 1];
            if (v instanceof Long l) {
                a.varint(3, l).varint(20, 2);
            } else if (v instanceof Float f) {
                a.f32(2, f).varint(20, 1);
            } else {
                for (long x : (long[]) v) {
                    a.varint(8, x);
                }
                a.varint(20, 7);
            }
            n.msg(5, a);
        }
        nodes.add(n);
        return out;
    }

    static Msg valueInfo(String name, long... dims) {
        Msg shape = new Msg();
        for (long d : dims) {
            shape.msg(1, d < 0 ? new Msg().str(2, "batch") : new Msg().varint(1, d));
        }
        Msg tensorType = new Msg().varint(1, 1).msg(2, shape);
        return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
    }

    byte[] model(String input, long[] inDims, String output, long classes) {
        Msg g = new Msg();
        for (Msg n : nodes) {
            g.msg(1, n);
        }
        g.str(2, "test-graph");
        for (Msg t : inits) {
            g.msg(5, t);
        }
        g.msg(11, valueInfo(input, inDims));
        g.msg(12, valueInfo(output, -1, classes));
        return new Msg().varint(1, 7).str(2, "foldproof-test").msg(8, new Msg().str(1, "").varint(2, 13)).msg(7, g).toBytes();
    }

    String conv(String name, String x, FloatLayer.Conv c) {
        return conv(name, x, c.outC(), c.inC(), c.kernel(), c.stride(), c.pad(), c.weight(), c.bias(), c.groups());
    }

    String conv(String name, String x, int outC, int inC, int k, int stride, int pad, float[] w, float[] b) {
        return conv(name, x, outC, inC, k, stride, pad, w, b, 1);
    }

    /** A Conv node, weight {@code [outC, inC / group, k, k]} as torch exports a grouped conv. */
    String conv(String name, String x, int outC, int inC, int k, int stride, int pad, float[] w, float[] b, int group) {
        List<String> in = new ArrayList<>(List.of(x, init(w, outC, inC / group, k, k)));
        if (b != null) {
            in.add(init(b, outC));
        }
        return node("Conv", name, in, "dilations", new long[] {1, 1}, "group", (long) group, "kernel_shape", new long[] {k, k},
                "pads", new long[] {pad, pad, pad, pad}, "strides", new long[] {stride, stride});
    }

    /** The ONNX bytes of {@code net} (Conv/Identity/Projection skips, MaxPool, Head). */
    static byte[] write(FloatNet net) {
        OnnxWriter w = new OnnxWriter();
        List<String> t = new ArrayList<>();
        t.add("input");
        String logits = null;
        for (FloatLayer l : net.layers()) {
            if (l instanceof FloatLayer.Conv c) {
                String y = w.conv(l.name(), t.get(c.input()), c);
                if (c.skip() instanceof FloatLayer.Skip.Identity id) {
                    y = w.node("Add", l.name() + "_add", List.of(y, t.get(id.tensor())));
                } else if (c.skip() instanceof FloatLayer.Skip.Projection p) {
                    String sc = w.conv(l.name() + "_shortcut", t.get(p.tensor()), c.outC(), p.inC(), p.kernel(), p.stride(), p.pad(),
                            p.weight(), p.bias());
                    y = w.node("Add", l.name() + "_add", List.of(sc, y)); // shortcut first: the importer must not rely on order
                } else if (!(c.skip() instanceof FloatLayer.Skip.None)) {
                    throw new IllegalArgumentException("ONNX writer cannot express " + c.skip());
                }
                // ReLU6 as torch.onnx exports nn.ReLU6 since opset 11: Clip with min and max as constant inputs
                t.add(switch (c.act()) {
                    case RELU -> w.node("Relu", l.name() + "_relu", List.of(y));
                    case RELU6 -> w.node("Clip", l.name() + "_relu6", List.of(y, w.init(new float[] {0f}), w.init(new float[] {6f})));
                    case NONE -> y;
                });
            } else if (l instanceof FloatLayer.MaxPool m) {
                t.add(w.node("MaxPool", l.name(), List.of(t.get(m.input())), "kernel_shape", new long[] {m.kernel(), m.kernel()},
                        "pads", new long[] {m.pad(), m.pad(), m.pad(), m.pad()}, "strides", new long[] {m.stride(), m.stride()}));
            } else {
                FloatLayer.Head h = (FloatLayer.Head) l;
                String p = w.node("GlobalAveragePool", "gap", List.of(t.get(h.input())));
                String shape = w.fresh();
                w.inits.add(int64Tensor(shape, new long[] {1, -1}));
                String f = w.node("Reshape", "flatten", List.of(p, shape));
                logits = w.node("Gemm", l.name(), List.of(f, w.init(h.weight(), h.classes(), h.inC()), w.init(h.bias(), h.classes())),
                        "alpha", 1f, "beta", 1f, "transB", 1L);
                t.add(logits);
            }
        }
        return w.model("input", new long[] {1, net.input().c(), net.input().h(), net.input().w()}, logits,
                ((FloatLayer.Head) net.layers().get(net.layers().size() - 1)).classes());
    }
}
