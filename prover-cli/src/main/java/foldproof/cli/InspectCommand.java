package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.circuits.check.Inspection;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code foldproof inspect}: per layer tiles, constraints per tile, witness length, nonzeros; totals. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the R1CS size of every layer's tile circuit (tiles, constraints, witness, nonzeros) and the totals,"
                + " and which layers are too large for check / prove.")
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--input-size", paramLabel = "N", hidden = true,
            description = "Old spelling of builtin:resnet18@N (applies to a built-in ResNet given without @N).")
    Integer inputSize;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        QModel m = load(model, inputSize);
        List<Inspection.Layer> layers = Inspection.of(m);
        long total = Inspection.totalConstraints(layers);
        long acts = Inspection.totalActivations(layers);
        long bits = Inspection.totalBitConstraints(layers);
        String tooLarge = null;
        try {
            ModelChecks.requireProvable(m);
        } catch (QuantizerException e) {
            tooLarge = e.getMessage();
        }
        long nnz = 0;
        long witness = 0;
        for (Inspection.Layer l : layers) {
            nnz += l.nonZeros();
            witness += (long) l.tiles() * l.witness();
        }
        if (common.json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            root.put("model", m.name());
            root.put("description", m.description());
            ArrayNode arr = root.putArray("layers");
            for (Inspection.Layer l : layers) {
                ObjectNode o = arr.addObject();
                o.put("name", l.name());
                o.put("tiles", l.tiles());
                o.put("constraints_per_tile", l.constraints());
                o.put("constraints", l.totalConstraints());
                o.put("witness_length", l.witness());
                o.put("padded_witness_length", l.paddedWitness());
                o.put("aux_length", l.aux());
                o.put("nonzeros", l.nonZeros());
                o.put("shape_bytes", shapeBytes(l));
                o.put("activations", l.activations());
                o.put("lookups_per_tile", l.lookups());
                o.put("table_entries_per_tile", l.tableEntries());
                o.put("constraints_per_tile_by_bits", l.bitConstraints());
            }
            root.put("total_constraints", total);
            root.put("activations", acts);
            root.put("constraints_per_activation", acts == 0 ? 0 : total / (double) acts);
            root.put("total_constraints_by_bits", bits);
            root.put("constraints_per_activation_by_bits", acts == 0 ? 0 : bits / (double) acts);
            root.put("total_witness", witness);
            root.put("nonzeros_per_tile_shapes", nnz);
            root.put("provable", tooLarge == null);
            if (tooLarge != null) {
                root.put("not_provable", tooLarge);
            }
            out.println(om.writeValueAsString(root));
        } else {
            out.printf("%s (%s)%n", m.name(), m.description());
            out.printf("%-20s %6s %12s %14s %12s %12s %12s %9s %8s %6s %10s%n", "layer", "tiles", "constr/tile", "constraints", "witness",
                    "padded", "nonzeros", "shape MiB", "lookups", "table", "by bits");
            for (Inspection.Layer l : layers) {
                out.printf("%-20s %6d %12d %14d %12d %12d %12d %9d %8d %6d %10d%n", l.name(), l.tiles(), l.constraints(), l.totalConstraints(),
                        l.witness(), l.paddedWitness(), l.nonZeros(), shapeBytes(l) >> 20, l.lookups(), l.tableEntries(), l.bitConstraints());
            }
            out.printf("total: %d constraints, %d activations, %.2f constraints per activation, witness %d, shape nonzeros %d%n",
                    total, acts, acts == 0 ? 0 : total / (double) acts, witness, nnz);
            out.printf("by bits (no lookups): %d constraints, %.2f per activation (lookups and table rows are counted in the total above)%n",
                    bits, acts == 0 ? 0 : bits / (double) acts);
            if (tooLarge != null) {
                out.println("check / prove: " + tooLarge);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Memory of one tile's shape: its three matrices in CSR, 12 bytes a nonzero (an {@code int} column, a {@code long}
     * coefficient) and 4 bytes a row start.
     */
    static long shapeBytes(Inspection.Layer l) {
        return 12 * l.nonZeros() + 3 * 4L * (l.constraints() + 1);
    }

    /** The model of {@code inspect} / {@code check}, honouring the old {@code --input-size N} for built-in ResNets. */
    static QModel load(ModelOptions model, Integer inputSize) {
        String spec = model.model;
        if (inputSize != null) {
            ModelSource src = ModelSource.resolve(spec, null, null);
            if (src.kind() != ModelSource.Kind.BUILTIN || !src.spec().startsWith("builtin:resnet") || spec.contains("@")) {
                throw new IllegalArgumentException("--input-size applies to a built-in ResNet (builtin:resnet18, ...) without @N only;"
                        + " write builtin:resnet18@" + inputSize + " instead");
            }
            spec = src.spec().substring(0, src.spec().indexOf('@') + 1) + inputSize;
        }
        model.model = spec;
        return model.load();
    }
}
