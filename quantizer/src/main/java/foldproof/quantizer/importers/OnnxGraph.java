package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} the importer needs, decoded by {@link ProtoReader} (no
 * protobuf-java): graph nodes in file (topological) order, initializers, graph inputs and outputs.
 * Field numbers follow onnx.proto3: ModelProto.graph=7; GraphProto node=1, initializer=5, input=11,
 * output=12; NodeProto input=1, output=2, name=3, op_type=4, attribute=5; AttributeProto name=1, f=2,
 * i=3, s=4, t=5, floats=7, ints=8; TensorProto dims=1, data_type=2, float_data=4, int32_data=5,
 * int64_data=7, name=8, raw_data=9, double_data=10, data_location=14.
 */
record OnnxGraph(List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs) {
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int DOUBLE = 11;

    /** One graph node; attributes by name. */
    record Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attr> attrs) {
        long attrInt(String key, long dflt) {
            Attr a = attrs.get(key);
            return a == null ? dflt : a.i();
        }

        float attrFloat(String key, float dflt) {
            Attr a = attrs.get(key);
            return a == null ? dflt : a.f();
        }

        long[] attrInts(String key) {
            Attr a = attrs.get(key);
            return a == null ? null : a.ints();
        }

        String label() {
            return "node '" + (name.isEmpty() ? outputs : name) + "' (" + opType + ")";
        }
    }

    record Attr(String name, float f, long i, long[] ints, float[] floats, Tensor t, String s) { }

    /** A constant tensor: float data as {@code floats}, integer data as {@code ints} (the other is null). */
    record Tensor(String name, long[] dims, int dataType, float[] floats, long[] ints) {
        long numel() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /** A graph input or output; {@code dims[i] = -1} for a symbolic or missing dimension. */
    record ValueInfo(String name, long[] dims) { }

    static OnnxGraph parse(byte[] file) {
        ProtoReader model = new ProtoReader(file, 0, file.length, "ModelProto");
        OnnxGraph g = null;
        while (model.next()) {
            if (model.field() == 7) {
                g = parseGraph(model.message("GraphProto"));
            } else {
                model.skip();
            }
        }
        if (g == null) {
            throw new QuantizerException("not an ONNX model: no graph found (is the file an ONNX ModelProto?)");
        }
        return g;
    }

    private static OnnxGraph parseGraph(ProtoReader r) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> inits = new LinkedHashMap<>();
        List<ValueInfo> in = new ArrayList<>();
        List<ValueInfo> out = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> nodes.add(parseNode(r.message("NodeProto #" + nodes.size())));
                case 5 -> {
                    Tensor t = parseTensor(r.message("initializer #" + inits.size()));
                    inits.put(t.name(), t);
                }
                case 11 -> in.add(parseValueInfo(r.message("graph input")));
                case 12 -> out.add(parseValueInfo(r.message("graph output")));
                default -> r.skip();
            }
        }
        return new OnnxGraph(nodes, inits, in, out);
    }

    private static Node parseNode(ProtoReader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        Map<String, Attr> attrs = new LinkedHashMap<>();
        String name = "";
        String op = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> {
                    Attr a = parseAttr(r.message("attribute"));
                    attrs.put(a.name(), a);
                }
                default -> r.skip();
            }
        }
        if (op == null) {
            throw r.corrupt("node '" + name + "' has no op_type");
        }
        return new Node(name, op, Collections.unmodifiableList(in), Collections.unmodifiableList(out), attrs);
    }

    private static Attr parseAttr(ProtoReader r) {
        String name = null;
        float f = 0;
        long i = 0;
        ProtoReader.LongList ints = new ProtoReader.LongList();
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        Tensor t = null;
        String s = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 2 -> {
                    r.expect(ProtoReader.FIXED32);
                    f = r.fixed32Float();
                }
                case 3 -> {
                    r.expect(ProtoReader.VARINT);
                    i = r.varint();
                }
                case 4 -> s = r.string();
                case 5 -> t = parseTensor(r.message("attribute tensor"));
                case 7 -> r.floats(floats);
                case 8 -> r.int64s(ints);
                default -> r.skip();
            }
        }
        if (name == null) {
            throw r.corrupt("attribute without a name");
        }
        return new Attr(name, f, i, ints.toArray(), floats.toArray(), t, s);
    }

    private static ValueInfo parseValueInfo(ProtoReader r) {
        String name = null;
        long[] dims = new long[0];
        while (r.next()) {
            if (r.field() == 1) {
                name = r.string();
            } else if (r.field() == 2) {
                dims = parseTypeDims(r.message("TypeProto"));
            } else {
                r.skip();
            }
        }
        return new ValueInfo(name == null ? "" : name, dims);
    }

    /** TypeProto.tensor_type(1) -> shape(2) -> dim(1) -> dim_value(1) | dim_param(2). */
    private static long[] parseTypeDims(ProtoReader type) {
        ProtoReader.LongList dims = new ProtoReader.LongList();
        while (type.next()) {
            if (type.field() != 1) {
                type.skip();
                continue;
            }
            ProtoReader tt = type.message("TypeProto.Tensor");
            while (tt.next()) {
                if (tt.field() != 2) {
                    tt.skip();
                    continue;
                }
                ProtoReader shape = tt.message("TensorShapeProto");
                while (shape.next()) {
                    if (shape.field() != 1) {
                        shape.skip();
                        continue;
                    }
                    ProtoReader dim = shape.message("Dimension");
                    long v = -1;
                    while (dim.next()) {
                        if (dim.field() == 1 && dim.wireType() == ProtoReader.VARINT) {
                            v = dim.varint();
                        } else {
                            dim.skip();
                        }
                    }
                    dims.add(v);
                }
            }
        }
        return dims.toArray();
    }

    private static Tensor parseTensor(ProtoReader r) {
        ProtoReader.LongList dims = new ProtoReader.LongList();
        ProtoReader.FloatList floatData = new ProtoReader.FloatList();
        ProtoReader.LongList intData = new ProtoReader.LongList();
        int type = 0;
        String name = "";
        int[] raw = null;
        byte[] buf = null;
        boolean external = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.int64s(dims);
                case 2 -> type = (int) r.varint();
                case 4 -> r.floats(floatData);
                case 5, 7 -> r.int64s(intData);
                case 8 -> name = r.string();
                case 9 -> raw = r.bytesRange();
                case 14 -> external = r.varint() == 1;
                default -> r.skip();
            }
        }
        if (external) {
            throw new QuantizerException("ONNX tensor '" + name + "' uses external data, which is not supported: "
                    + "re-export with the weights embedded in the .onnx file");
        }
        long[] d = dims.toArray();
        long numel = 1;
        for (long x : d) {
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw r.corrupt("tensor '" + name + "' has dimension " + x);
            }
            numel *= x;
            if (numel > Integer.MAX_VALUE) {
                throw r.corrupt("tensor '" + name + "' is too large");
            }
        }
        int n = (int) numel;
        float[] floats = null;
        long[] ints = null;
        if (type == FLOAT) {
            floats = raw != null ? rawFloats(r, name, raw, n) : floatData.toArray();
        } else if (type == INT64 || type == INT32) {
            int width = type == INT64 ? 8 : 4;
            ints = raw != null ? rawInts(r, name, raw, n, width) : intData.toArray();
        } else {
            return new Tensor(name, d, type, null, null); // unsupported type: rejected where it is used
        }
        int got = floats != null ? floats.length : ints.length;
        if (got != n) {
            throw r.corrupt("tensor '" + name + "' holds " + got + " values but its dims need " + n);
        }
        return new Tensor(name, d, type, floats, ints);
    }

    private static float[] rawFloats(ProtoReader r, String name, int[] range, int n) {
        if (range[1] != 4L * n) {
            throw r.corrupt("tensor '" + name + "' raw_data has " + range[1] + " bytes, dims need " + 4L * n);
        }
        byte[] b = r.buffer();
        float[] out = new float[n];
        for (int i = 0, o = range[0]; i < n; i++, o += 4) {
            out[i] = Float.intBitsToFloat((b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24);
        }
        return out;
    }

    private static long[] rawInts(ProtoReader r, String name, int[] range, int n, int width) {
        if (range[1] != (long) width * n) {
            throw r.corrupt("tensor '" + name + "' raw_data has " + range[1] + " bytes, dims need " + (long) width * n);
        }
        byte[] b = r.buffer();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long v = 0;
            for (int k = width - 1; k >= 0; k--) {
                v = (v << 8) | (b[range[0] + i * width + k] & 0xff);
            }
            out[i] = width == 4 ? (int) v : v;
        }
        return out;
    }
}
